package io.dativo.bench;

import io.dativo.api.io.FileIO;
import io.dativo.api.io.PositionOutputStream;
import io.dativo.core.storage.FileIOs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;

/**
 * What the S3 benchmark's server (s3proxy 4.1 over its filesystem blob store, in this process) spends its CPU on,
 * per request and per byte. A child JVM sends the requests through the S3 plugin's {@code FileIO}, one kind at a
 * time, each kind once to warm up and once measured; this process does nothing else meanwhile, so its CPU time in a
 * phase is the server's. The figures say which requests of a run are worth saving, and what the bytes cost whatever
 * the client does.
 *
 * <p>Usage: {@code S3ServerCost [REPEATS]} (parent), {@code S3ServerCost --client ENDPOINT REPEATS} (child).
 */
public final class S3ServerCost {

    private static final int SMALL = 2 << 10;
    private static final int MB = 1 << 20;

    private S3ServerCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--client")) {
            client(args[1], Integer.parseInt(args[2]));
            return;
        }
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ServerCalls calls = new ServerCalls();
        S3Proxy proxy = S3VsLocal.startServer(Files.createDirectories(Path.of("data")).toAbsolutePath()
                .resolve("s3-cost-store"), calls);
        List<String> rows = new ArrayList<>();
        try {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                    S3ServerCost.class.getName(), "--client", "http://127.0.0.1:" + proxy.getPort(),
                    String.valueOf(repeats)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            double before = S3VsLocal.ownCpu();
            calls.reset();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    double now = S3VsLocal.ownCpu();
                    Map<String, Long> seen = calls.reset();
                    String[] f = line.split(" ");
                    if (f[0].equals("measured")) {
                        rows.add(row(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), now - before, seen));
                    }
                    before = now;
                }
            }
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("the client failed");
            }
        } finally {
            proxy.stop();
        }
        System.out.printf("%nload average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| what | times | MB | server CPU s | ms each | ms per MB | store calls |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        rows.forEach(System.out::println);
    }

    private static String row(String what, long times, long bytes, double cpu, Map<String, Long> calls) {
        double mb = bytes / (double) MB;
        return String.format("| %s | %d | %.0f | %.3f | %.2f | %s | %s |", what, times, mb, cpu, cpu * 1e3 / times,
                mb >= 1 ? String.format("%.2f", cpu * 1e3 / mb) : "", calls.toString().replaceAll("[{}]", ""));
    }

    /** Sends each kind of request twice, printing "warm-up|measured KIND TIMES BYTES" after each. */
    private static void client(String endpoint, int repeats) throws Exception {
        byte[] big = new byte[64 * MB];
        ThreadLocalRandom.current().nextBytes(big);
        byte[] small = Arrays.copyOf(big, SMALL);
        for (String round : List.of("warm-up", "measured")) {
            String prefix = "s3://" + S3VsLocal.BUCKET + "/" + round + "/";
            try (FileIOs stores = FileIOs.of(S3VsLocal.connection(endpoint, ""))) {
                FileIO io = stores.forLocation(prefix);
                for (int i = 0; i < repeats; i++) {
                    io.writeWhole(prefix + "put/" + i + ".json", small);
                }
                report(round, "PUT of 2 KB", repeats, (long) repeats * SMALL);
                for (int i = 0; i < repeats; i++) {
                    multipart(io, prefix + "mpu/" + i + ".json", small);
                }
                report(round, "multipart upload of 2 KB (3 requests)", repeats, (long) repeats * SMALL);
                for (int i = 0; i < repeats; i++) {
                    io.newInputFile(prefix + "missing/" + i).exists();
                }
                report(round, "HEAD of a missing object", repeats, 0);
                for (int i = 0; i < repeats; i++) {
                    io.list(prefix + "put/");
                }
                report(round, "listing of " + repeats + " objects", repeats, 0);
                for (int i = 0; i < repeats; i++) {
                    io.listPending(prefix);
                }
                report(round, "ListMultipartUploads, none pending", repeats, 0);
                for (int i = 0; i < repeats; i++) {
                    io.delete(prefix + "put/" + i + ".json");
                }
                report(round, "DELETE", repeats, 0);
            }
            for (int partMb : new int[]{8, 32}) {
                Map<String, Object> parts = S3VsLocal.connection(endpoint, "");
                parts.put("part_size_mb", String.valueOf(partMb));
                try (FileIOs stores = FileIOs.of(parts)) {
                    FileIO io = stores.forLocation(prefix);
                    // 256 MB in parts of partMb; the upload completed (the parts joined) in a phase of its own.
                    PositionOutputStream out = io.newOutputFile(prefix + "big-" + partMb).create();
                    try (out) {
                        for (int i = 0; i < 4; i++) {
                            out.write(big);
                        }
                    }
                    report(round, "parts of " + partMb + " MB, received", 256 / partMb, 256L * MB);
                    io.publish(out.pending());
                    report(round, "parts of " + partMb + " MB, completed (joined)", 1, 256L * MB);
                }
            }
            Map<String, Object> onePart = S3VsLocal.connection(endpoint, "");
            onePart.put("part_size_mb", "128");
            try (FileIOs stores = FileIOs.of(onePart)) {
                FileIO io = stores.forLocation(prefix);
                for (int i = 0; i < 4; i++) {
                    io.writeWhole(prefix + "whole-" + i, big);
                }
                report(round, "PUT of 64 MB", 4, 256L * MB);
            }
        }
    }

    private static void multipart(FileIO io, String location, byte[] bytes) throws Exception {
        PositionOutputStream out = io.newOutputFile(location).create();
        try (out) {
            out.write(bytes);
        }
        io.publish(out.pending());
    }

    private static void report(String round, String what, long times, long bytes) {
        System.out.println(round + " " + what.replace(' ', '_') + " " + times + " " + bytes);
        System.out.flush();
    }
}
