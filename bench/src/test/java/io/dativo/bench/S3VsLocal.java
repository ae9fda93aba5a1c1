package io.dativo.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
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
 * same heap cap, converting the file {@value #RUNS} times: the first run includes start-up, the best later run is
 * the rate. Two sizes (a third of the rows, then all) show whether the heap stays flat as the file grows. The
 * server runs beside the children and shares the machine's cores with them, as a local MinIO would.
 *
 * <p>Usage: {@code S3VsLocal ROWS} (parent), {@code S3VsLocal --target local|s3 CSV OUT|ENDPOINT} (child).
 */
public final class S3VsLocal {

    static final int RUNS = 3;
    private static final String BUCKET = "bench";
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
        Path store = data.resolve("s3-store");
        LineitemBench.deleteTree(store);
        // The filesystem store keeps a bucket as a folder of its base folder.
        Files.createDirectories(store.resolve(BUCKET));
        S3Proxy proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(store.toString())).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(5);
        }
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        List<String> lines = new ArrayList<>();
        try {
            for (long n : new long[]{rows / 3, rows}) {
                Path csv = data.resolve("tpch-lineitem-" + n + ".csv");
                Lineitem.generate(n, csv, data.resolve("tpch-lineitem-" + n + ".jsonl"));
                double mb = Files.size(csv) / 1e6;
                Path out = data.resolve("out-local-" + n);
                LineitemBench.deleteTree(out);
                Result local = runChild("local", csv, out.toString());
                Result s3 = runChild("s3", csv, endpoint);
                lines.add(local.row("local disk", n, mb, null));
                lines.add(s3.row("S3 (s3proxy, loopback)", n, mb, local));
            }
        } finally {
            proxy.stop();
        }
        System.out.printf("%nload average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| target | rows | CSV MB | first run s | best later run s | rows/s | S3 / local rate "
                + "| peak heap MB | peak after GC MB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        lines.forEach(System.out::println);
    }

    /** What a child reported: its first run, its best later run, its peak heap and its peak heap after a GC. */
    private record Result(double first, double best, long heapMb, long liveMb) {

        String row(String target, long rows, double mb, Result local) {
            return String.format("| %s | %,d | %.0f | %.2f | %.2f | %,.0f | %s | %d | %d |", target, rows, mb, first,
                    best, rows / best, local == null ? "" : String.format("%.2fx", local.best / best), heapMb,
                    liveMb);
        }
    }

    private static Result runChild(String target, Path csv, String where) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xmx" + System.getProperty("bench.xmx", "512m"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), S3VsLocal.class.getName(), "--target", target,
                csv.toString(), where).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(target + " failed: " + result);
        }
        String[] f = result.split(" ");
        return new Result(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]),
                Long.parseLong(f[3]));
    }

    /**
     * Converts {@value #RUNS} times and prints "firstSeconds bestLaterSeconds peakHeapMB peakLiveMB": the heap's
     * peak use (garbage included, so it follows the heap cap more than the work) and the most it held just after a
     * collection (what the run kept alive).
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
        long start = System.nanoTime();
        List<Double> seconds = new ArrayList<>();
        long from = start;
        for (int run = 0; run < RUNS; run++) {
            convert(csv, target(target, where, run));
            long now = System.nanoTime();
            seconds.add((now - from) / 1e9);
            from = now;
        }
        double first = seconds.get(0);
        double best = seconds.subList(1, RUNS).stream().min(Double::compare).orElseThrow();
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%.3f %.3f %d %d%n", first, best, heap >> 20, live.get() >> 20);
    }

    private static TargetConfig target(String target, String where, int run) {
        Map<String, Object> connection = new LinkedHashMap<>();
        if (target.equals("local")) {
            connection.put("path", where + "/run-" + run);
        } else {
            connection.put("bucket", BUCKET);
            connection.put("prefix", "run-" + run + "-" + System.nanoTime());
            connection.put("endpoint", where);
            connection.put("access_key_id", ACCESS);
            connection.put("secret_access_key", SECRET);
        }
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
