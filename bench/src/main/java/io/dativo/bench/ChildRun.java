package io.dativo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one child process to its end and measures it from the outside: wall time from start to exit, CPU time and
 * peak resident memory. CPU time is the growth of this process's reaped-children times ({@code cutime + cstime} in
 * {@code /proc/self/stat}), which is exact to the clock tick because children run one at a time; peak RSS is the
 * child's {@code VmHWM}, a high-water mark the kernel keeps, read every few milliseconds while it runs.
 */
final class ChildRun {

    /** Linux reports process times in USER_HZ ticks, 100 a second on every architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100;
    private static final long SAMPLE_MILLIS = 10;

    /**
     * What one run took.
     *
     * @param wallSeconds from start to exit, JVM start-up included
     * @param cpuSeconds  user and system time of the child and any process it waited for
     * @param peakRssMb   the child's resident set high-water mark
     */
    record Measured(double wallSeconds, double cpuSeconds, double peakRssMb) {
    }

    private ChildRun() {
    }

    /**
     * Starts {@code command} in {@code dir} with its output in {@code dir/child.log}, waits for it and measures it.
     *
     * @throws IllegalStateException when the child exits with a status other than 0, with the tail of its log
     */
    static Measured run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path log = dir.resolve("child.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        String shown = String.join(" ", command).replaceAll(" -cp \\S+", " -cp CLASSPATH");
        long ticksBefore = childrenTicks();
        long start = System.nanoTime();
        Process process = builder.start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long peakKb = 0;
        Duration sampledCpu = Duration.ZERO;
        while (!process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, highWaterKb(status));
            sampledCpu = process.info().totalCpuDuration().orElse(sampledCpu);
            if (System.nanoTime() - start > timeout.toNanos()) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("timed out after " + timeout + ": " + shown + tail(log));
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long ticksAfter = childrenTicks();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit status " + process.exitValue() + ": " + shown + tail(log));
        }
        double cpu = ticksBefore >= 0 && ticksAfter >= 0
                ? (ticksAfter - ticksBefore) / TICKS_PER_SECOND
                : sampledCpu.toNanos() / 1e9;
        return new Measured(wall, cpu, peakKb / 1024.0);
    }

    /** {@code cutime + cstime} of this process, or -1 where {@code /proc} is not there. */
    private static long childrenTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // Fields after the command name, which is in parentheses and may hold spaces; cutime and cstime are
            // fields 16 and 17 of the line, and the split below starts at field 3.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long highWaterKb(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // The child exited between two samples: its last high-water mark was read before.
        }
        return 0;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
