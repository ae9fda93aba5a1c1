package io.dativo.cli;

import io.dativo.core.RunListener;
import io.dativo.core.RunResult;
import java.io.PrintStream;
import java.util.OptionalLong;

/** Draws one line per run on a terminal: records and bytes read, rate, and ETA when the reader gives an estimate. */
final class ProgressBar implements RunListener {

    private final PrintStream out;
    private volatile long estimate = -1;
    private volatile long lastDraw;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void runStarted(RunInfo run, OptionalLong recordsEstimate) {
        estimate = recordsEstimate.orElse(-1);
    }

    @Override
    public synchronized void batchRead(RunInfo run, BatchStats b) {
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(run, b) + "\u001b[K");
        out.flush();
    }

    String line(RunInfo run, BatchStats b) {
        double seconds = Math.max(b.elapsed().toMillis(), 1) / 1000.0;
        double rate = b.totalRecords() / seconds;
        StringBuilder sb = new StringBuilder(b.object()).append(' ');
        if (estimate > 0) {
            double done = Math.min(1.0, b.totalRecords() / (double) estimate);
            int width = 24;
            int filled = (int) (done * width);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ")
                    .append(String.format("%3d%% ", (int) (done * 100)));
        }
        sb.append(String.format("%,d records  %s  %,.0f rec/s", b.totalRecords(), bytes(b.totalBytes()), rate));
        if (estimate > 0 && rate > 0) {
            long left = (long) (Math.max(0, estimate - b.totalRecords()) / rate);
            sb.append(String.format("  ETA %d:%02d", left / 60, left % 60));
        }
        return sb.toString();
    }

    private static String bytes(long n) {
        return n < 1 << 20 ? String.format("%.1f KiB", n / 1024.0) : String.format("%.1f MiB", n / 1048576.0);
    }

    @Override
    public synchronized void committed(RunInfo run, RunResult result) {
        end();
    }

    @Override
    public synchronized void failed(RunInfo run, RunResult result) {
        end();
    }

    private void end() {
        if (lastDraw != 0) {
            out.print("\r\u001b[K");
            out.flush();
            lastDraw = 0;
        }
    }
}
