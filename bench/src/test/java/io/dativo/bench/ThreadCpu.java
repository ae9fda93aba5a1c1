package io.dativo.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This process's CPU time by kind of thread, from Linux's per-thread scheduler statistics ({@code /proc/self/task}):
 * the S3 server's HTTP threads, the threads it starts to complete multipart uploads, the collector, the JIT
 * compilers and the rest (in a benchmark child, only the last three). A thread that ended between two snapshots is counted in "ended", the process's CPU time
 * that no live thread accounts for. Elsewhere than on Linux every snapshot is empty.
 */
final class ThreadCpu {

    private record Seen(String kind, long nanos) {
    }

    private Map<String, Seen> last = read();
    private double lastProcess = S3VsLocal.ownCpu();

    /** The seconds of CPU by kind since the last call (or since this was made). */
    Map<String, Double> take() {
        Map<String, Seen> now = read();
        double process = S3VsLocal.ownCpu();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String kind : new String[]{"http", "completion", "gc", "jit", "other"}) {
            out.put(kind, 0.0);
        }
        double live = 0;
        for (Map.Entry<String, Seen> e : now.entrySet()) {
            Seen before = last.get(e.getKey());
            double s = (e.getValue().nanos() - (before == null ? 0 : before.nanos())) / 1e9;
            out.merge(e.getValue().kind(), s, Double::sum);
            live += s;
        }
        out.put("ended", Math.max(0, process - lastProcess - live));
        last = now;
        lastProcess = process;
        return out;
    }

    private static Map<String, Seen> read() {
        Map<String, Seen> out = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path task : dirs) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    long nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
                    out.put(task.getFileName().toString(), new Seen(kind(name), nanos));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while it was read: its time is counted as "ended"
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static String kind(String name) {
        if (name.startsWith("S3Proxy-Jetty")) {
            return "http";
        }
        if (name.startsWith("Thread-")) {
            return "completion";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "gc";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        return "other";
    }
}
