package io.dativo.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The TPC-H lineitem CSV file to one Parquet file, written to S3 (s3proxy on loopback over a filesystem blob store,
 * started in this process) and to the local disk, in one run. Each target runs in a child JVM of its own with the
 * same fixed heap ({@code -Xms} as {@code -Xmx}; {@code -Dbench.s3.xms=} lets the JVM size it); the two children
 * convert the file in turns, 6 times each ({@code -Dbench.s3.runs}), the order swapped every round, so both see
 * the same machine: the first run includes start-up, the median of the later runs is the rate.
 * Two sizes (a third of the rows, then all) show whether the heap stays flat as the file grows. The server runs
 * beside the children and shares the machine's cores with them, as a local MinIO would.
 *
 * <p>Usage: {@code S3VsLocal ROWS} (parent), {@code S3VsLocal --target local|s3 CSV OUT|ENDPOINT} (child: converts
 * once per line {@code go} on its input, until {@code end}).
 */
public final class S3VsLocal {

    static final int RUNS = Integer.getInteger("bench.s3.runs", 6);
    static final String BUCKET = "bench";
    private static final String ACCESS = "bench-access";
    private static final String SECRET = "bench-secret";

    private S3VsLocal() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--target")) {
            child(args[1], Path.of(args[2]).toAbsolutePath(), args[3]);
            return;
        }
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Path data = Files.createDirectories(Path.of("data")).toAbsolutePath();
        ServerCalls calls = new ServerCalls();
        S3Proxy proxy = startServer(data.resolve("s3-store"), calls);
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        int warmUpMb = Integer.getInteger("bench.s3.warmup_mb", 1024);
        long warmUpStart = System.nanoTime();
        ServerWarmUp.run(endpoint, warmUpMb);
        System.out.printf("server warmed up with %d MB and 500 small files in %.1f s%n", warmUpMb,
                (System.nanoTime() - warmUpStart) / 1e9);
        List<String> lines = new ArrayList<>();
        List<String> costs = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        try {
            for (long n : new long[]{rows / 3, rows}) {
                Path csv = data.resolve("tpch-lineitem-" + n + ".csv");
                Lineitem.generate(n, csv, data.resolve("tpch-lineitem-" + n + ".jsonl"));
                double mb = Files.size(csv) / 1e6;
                Path out = data.resolve("out-local-" + n);
                LineitemBench.deleteTree(out);
                Child local = new Child("local", csv, out.toString(), calls);
                Child s3 = new Child("s3", csv, endpoint, calls);
                for (int run = 0; run < RUNS; run++) {
                    double localSeconds;
                    double s3Seconds;
                    if (run % 2 == 0) {
                        localSeconds = local.convert();
                        s3Seconds = s3.convert();
                    } else {
                        s3Seconds = s3.convert();
                        localSeconds = local.convert();
                    }
                    rounds.add(String.format("| %,d | %d | %s | %.2f | %.2f | %.2fx |", n, run + 1,
                            run % 2 == 0 ? "local, S3" : "S3, local", localSeconds, s3Seconds,
                            localSeconds / s3Seconds));
                }
                Result localResult = local.finish();
                Result s3Result = s3.finish();
                lines.add(localResult.row("local disk", n, mb, null));
                lines.add(s3Result.row("S3 (s3proxy, loopback)", n, mb, localResult));
                costs.add(localResult.cost("local disk", n, null));
                costs.add(s3Result.cost("S3 (s3proxy, loopback)", n, localResult));
            }
        } finally {
            proxy.stop();
        }
        System.out.printf("%nload average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| target | rows | CSV MB | first run s | median later run s | rows/s | S3 / local rate "
                + "| peak heap MB | peak after GC MB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        lines.forEach(System.out::println);
        System.out.println();
        System.out.println("| target | rows | client CPU s | client JIT / GC s | client CPU µs/row "
                + "| client CPU S3 / local | server CPU s | server calls, and server CPU ms by thread |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        costs.forEach(System.out::println);
        System.out.println();
        System.out.println("| rows | round | order | local s | S3 s | S3 / local rate |");
        System.out.println("|---:|---:|---|---:|---:|---:|");
        rounds.forEach(System.out::println);
    }

    /**
     * s3proxy on loopback over its filesystem blob store in {@code store} (emptied first), with the bucket
     * {@value #BUCKET} and every blob-store call counted by {@code calls}.
     */
    static S3Proxy startServer(Path store, ServerCalls calls) throws Exception {
        LineitemBench.deleteTree(store);
        // The filesystem store keeps a bucket as a folder of its base folder.
        Files.createDirectories(store.resolve(BUCKET));
        S3Proxy proxy = S3Proxy.builder().blobStore(calls.counting(new FilesystemNio2BlobStore(store.toString())))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(5);
        }
        return proxy;
    }

    /** The connection of the benchmark's bucket at {@code endpoint}, under {@code prefix}. */
    static Map<String, Object> connection(String endpoint, String prefix) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("bucket", BUCKET);
        connection.put("prefix", prefix);
        connection.put("endpoint", endpoint);
        connection.put("access_key_id", ACCESS);
        connection.put("secret_access_key", SECRET);
        // -Dbench.s3.connection=key=value,... adds connection settings, to compare them on the same machine.
        for (String setting : System.getProperty("bench.s3.connection", "").split(",")) {
            String[] kv = setting.split("=", 2);
            if (kv.length == 2) {
                connection.put(kv[0].trim(), kv[1].trim());
            }
        }
        return connection;
    }

    /**
     * What a child reported: its first run, the median of its later runs, its peak heap and its peak heap after a GC;
     * the medians over the later runs of the child's CPU time and of its JIT compilers' and collector's shares of it;
     * and, over the same runs, the median of the server's (this process's) CPU time and the server's calls by kind in
     * the run whose server CPU was the median.
     */
    private record Result(double first, double median, long heapMb, long liveMb, double clientCpu, double clientJit,
                          double clientGc, double serverCpu, Map<String, Long> requests) {

        String row(String target, long rows, double mb, Result local) {
            return String.format("| %s | %,d | %.0f | %.2f | %.2f | %,.0f | %s | %d | %d |", target, rows, mb, first,
                    median, rows / median, local == null ? "" : String.format("%.2fx", local.median / median),
                    heapMb, liveMb);
        }

        String cost(String target, long rows, Result local) {
            return String.format("| %s | %,d | %.2f | %.2f / %.2f | %.2f | %s | %.2f | %s |", target, rows,
                    clientCpu, clientJit, clientGc, clientCpu * 1e6 / rows,
                    local == null ? "" : String.format("%.2fx", clientCpu / local.clientCpu), serverCpu,
                    requests.isEmpty() ? "" : requests.toString().replaceAll("[{}]", ""));
        }
    }

    /**
     * A child JVM converting for one target when told to. While it converts, this process does nothing else but
     * wait, so its CPU time then is the server's; it notes that and the server's calls for each conversion.
     */
    private static final class Child {

        private final String target;
        private final ServerCalls calls;
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final List<Double> serverCpu = new ArrayList<>();
        private final List<Map<String, Long>> requests = new ArrayList<>();

        Child(String target, Path csv, String where, ServerCalls calls) throws IOException {
            this.target = target;
            this.calls = calls;
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            String xmx = System.getProperty("bench.xmx", "512m");
            List<String> command = new ArrayList<>(List.of(java.toString(),
                    "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx" + xmx,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dbench.s3.connection=" + System.getProperty("bench.s3.connection", "")));
            // A fixed heap, as benchmarks use: with G1 sizing the heap itself, loading the AWS SDK's classes crosses
            // the initial metaspace threshold, and the collection that follows shrinks the S3 child's heap to a
            // fraction of the cap, which costs it young collections the local child never makes.
            String xms = System.getProperty("bench.s3.xms", xmx);
            if (!xms.isBlank()) {
                command.add("-Xms" + xms);
            }
            String extra = System.getProperty("bench.child.jvm", "");
            if (!extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), S3VsLocal.class.getName(),
                    "--target", target, csv.toString(), where));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** Has the child convert once; returns the conversion's wall time as the child measured it. */
        double convert() throws IOException {
            double cpuBefore = ownCpu();
            calls.reset();
            ThreadCpu threads = new ThreadCpu();
            in.write("go\n");
            in.flush();
            String line = out.readLine();
            if (line == null || !line.startsWith("run ")) {
                throw new IllegalStateException(target + " failed: " + line);
            }
            serverCpu.add(ownCpu() - cpuBefore);
            Map<String, Long> seen = new LinkedHashMap<>(calls.reset());
            threads.take().forEach((kind, seconds) -> seen.put("cpuMs." + kind, Math.round(seconds * 1e3)));
            requests.add(seen);
            return Double.parseDouble(line.split(" ")[2]);
        }

        Result finish() throws Exception {
            in.write("end\n");
            in.flush();
            String result = out.readLine();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || result == null) {
                throw new IllegalStateException(target + " failed: " + result);
            }
            String[] f = result.trim().split(" ");
            List<Double> later = serverCpu.subList(1, serverCpu.size());
            int medianRun = 1 + later.indexOf(median(later));
            return new Result(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]), median(later),
                    target.equals("s3") ? requests.get(medianRun) : Map.of());
        }
    }

    /** The median of {@code values}, one of them (the lower middle one of an even count). */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2);
    }

    static double ownCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /**
     * Converts once for each line {@code go} on the standard input, printing "run N SECONDS" after each; at
     * {@code end} prints "firstSeconds medianLaterSeconds peakHeapMB peakLiveMB cpuSeconds jitSeconds gcSeconds": the
     * heap's peak use (garbage included, so it follows the heap cap more than the work), the most it held just after
     * a collection (what the run kept alive), and the medians over the later runs of the CPU time this process spent
     * on a conversion and of its JIT compilers' and its collector's shares of it: code that is still being compiled
     * in a later run (the S3 client's, called a few dozen times per run) shows there.
     */
    private static void child(String target, Path csv, String where) throws Exception {
        AtomicLong live = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    long after = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo()
                            .getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                    live.accumulateAndGet(after, Math::max);
                }
            }, null, null);
        }
        List<Double> seconds = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> jit = new ArrayList<>();
        List<Double> gc = new ArrayList<>();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (int run = 0; "go".equals(commands.readLine()); run++) {
            ThreadCpu threads = new ThreadCpu();
            double cpuFrom = ownCpu();
            long from = System.nanoTime();
            convert(csv, target(target, where, run));
            seconds.add((System.nanoTime() - from) / 1e9);
            cpu.add(ownCpu() - cpuFrom);
            Map<String, Double> byThread = threads.take();
            jit.add(byThread.get("jit"));
            gc.add(byThread.get("gc"));
            System.out.printf("run %d %.4f%n", run, seconds.get(run));
            System.out.flush();
        }
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        int n = seconds.size();
        System.out.printf("%.3f %.3f %d %d %.3f %.3f %.3f%n", seconds.get(0), median(seconds.subList(1, n)),
                heap >> 20, live.get() >> 20, median(cpu.subList(1, n)), median(jit.subList(1, n)),
                median(gc.subList(1, n)));
    }

    private static TargetConfig target(String target, String where, int run) {
        Map<String, Object> connection = target.equals("local") ? Map.of("path", where + "/run-" + run)
                : connection(where, "run-" + run + "-" + System.nanoTime());
        return TargetConfig.builder(target).connection(connection).fileFormat("parquet").targetFileSizeMb(1024)
                .baseDir("/").build();
    }

    private static void convert(Path csv, TargetConfig target) {
        RunResult r = Pipeline.builder().tenant("bench").asset(Lineitem.CONTRACT)
                .validationMode(ValidationMode.STRICT)
                .source(SourceConfig.builder("csv").files(List.of(new FileSpec(csv.toString(), "lineitem", null)))
                        .baseDir("/").build())
                .target(target).build().run();
        if (!r.succeeded()) {
            throw new IllegalStateException(r.error());
        }
    }
}
