package io.dativo.bench;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * CSV to Parquet, Dativo (validation on, snappy) against DuckDB's COPY on the same generated lineitem-like file.
 * Each engine runs in a child JVM of its own so that peak memory is measured per engine. The child converts the
 * file {@value #RUNS} times: the first run, timed from the first line of {@code main}, includes the engine's
 * start-up (class loading and JIT compilation, or loading DuckDB's native library); the best of the later runs
 * shows a host JVM that has converted before.
 *
 * <p>Usage: {@code CsvToParquet ROWS} (parent), {@code CsvToParquet --engine dativo|duckdb FILE OUT} (child).
 */
public final class CsvToParquet {

    static final AssetDefinition LINEITEM = AssetDefinition.of("lineitem", List.of(
            FieldSpec.of("l_orderkey", DataType.LONG, true),
            new FieldSpec("l_extendedprice", DataType.DECIMAL, true, null, null, 15, 2),
            FieldSpec.of("l_comment", DataType.STRING, false),
            FieldSpec.of("l_shipdate", DataType.TIMESTAMP, true)));

    static final int RUNS = 3;

    private CsvToParquet() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--engine")) {
            child(args[1], Path.of(args[2]).toAbsolutePath(), Path.of(args[3]).toAbsolutePath());
            return;
        }
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000L;
        Path data = Files.createDirectories(Path.of("data"));
        List<String> lines = new ArrayList<>();
        for (long n : new long[]{rows / 3, rows}) {
            Path csv = data.resolve("lineitem-" + n + ".csv");
            if (!Files.exists(csv)) {
                generate(csv, n);
            }
            double mb = Files.size(csv) / 1e6;
            for (String engine : List.of("duckdb", "dativo")) {
                Path out = data.resolve("out-" + engine + "-" + n);
                LineitemBench.deleteTree(out);
                lines.add(runChild(engine, csv, out, n, mb));
            }
        }
        System.out.println();
        System.out.println("| engine | rows | CSV MB | first run s | rows/s | MB/s | later runs s (best) | rows/s "
                + "| peak heap MB | peak RSS MB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        lines.forEach(System.out::println);
    }

    private static String runChild(String engine, Path csv, Path out, long rows, double mb) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xmx" + System.getProperty("bench.xmx", "512m"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                CsvToParquet.class.getName(), "--engine", engine, csv.toString(), out.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(engine + " failed: " + result);
        }
        String[] f = result.split(" ");
        double first = Double.parseDouble(f[0]);
        double later = Double.parseDouble(f[1]);
        return String.format("| %s | %,d | %.0f | %.2f | %,.0f | %.1f | %.2f | %,.0f | %s | %s |", engine, rows, mb,
                first, rows / first, mb / first, later, rows / later, f[2], f[3]);
    }

    /** Runs one engine {@value #RUNS} times and prints "firstSeconds bestLaterSeconds peakHeapMB peakRssMB". */
    private static void child(String engine, Path csv, Path out) throws Exception {
        long start = System.nanoTime();
        double first = 0;
        double best = Double.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            long t0 = run == 0 ? start : System.nanoTime();
            Path dir = Files.createDirectories(out.resolve("run-" + run));
            convert(engine, csv, dir);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (run == 0) {
                first = seconds;
            } else {
                best = Math.min(best, seconds);
            }
        }
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%.3f %.3f %d %d%n", first, best, heap >> 20, peakRssMb());
    }

    private static void convert(String engine, Path csv, Path out) throws Exception {
        if (engine.equals("duckdb")) {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                 Statement s = c.createStatement()) {
                s.execute("COPY (SELECT * FROM read_csv('" + csv + "')) TO '" + out.resolve("lineitem.parquet")
                        + "' (FORMAT parquet)");
            }
            return;
        }
        RunResult r = Pipeline.builder().tenant("bench").asset(LINEITEM).validationMode(ValidationMode.STRICT)
                .source(SourceConfig.builder("csv").files(List.of(new FileSpec(csv.toString(), "lineitem", null)))
                        .baseDir("/").build())
                .target(TargetConfig.builder("local").connection(Map.of("path", out.toString()))
                        .targetFileSizeMb(512).baseDir("/").build())
                .build().run();
        if (!r.succeeded()) {
            throw new IllegalStateException(r.error());
        }
    }

    private static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
            }
        }
        return -1;
    }

    /** Writes {@code rows} rows of the 4-column lineitem-like file, the same rows for the same count. */
    static void generate(Path csv, long rows) throws IOException {
        Random random = new Random(42);
        String[] words = {"carefully", "final", "deposits", "sleep", "quickly", "regular", "packages", "ironic",
                "requests", "boost", "furiously", "even", "accounts", "wake", "blithely", "pending"};
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("l_orderkey,l_extendedprice,l_comment,l_shipdate\n");
            StringBuilder sb = new StringBuilder(128);
            for (long i = 1; i <= rows; i++) {
                sb.setLength(0);
                sb.append(i * 4 + random.nextInt(4)).append(',');
                long cents = 90_000 + random.nextInt(10_400_000);
                sb.append(cents / 100).append('.').append(String.format("%02d", cents % 100)).append(',');
                int n = 2 + random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    sb.append(k > 0 ? " " : "").append(words[random.nextInt(words.length)]);
                }
                sb.append(',');
                sb.append(String.format("199%d-%02d-%02d %02d:%02d:%02d", 2 + random.nextInt(7), 1 + random.nextInt(12),
                        1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60)));
                sb.append('\n');
                w.append(sb);
            }
        }
    }
}
