package io.dativo.bench;

import io.dativo.bench.PostgresBaselines.Outcome;
import com.sun.management.OperatingSystemMXBean;
import io.dativo.api.FileSpec;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteMode;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.plugins.jdbc.JdbcReader;
import io.dativo.testkit.PostgresServer;
import io.dativo.testkit.TestReadContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.postgresql.PGConnection;

/**
 * PostgreSQL to Arrow, Parquet and PostgreSQL, and CSV to PostgreSQL, Dativo against pgjdbc's {@code CopyManager}
 * (the ceiling of one connection), a plain JDBC loop, arrow-jdbc, {@code psql \copy}, Spark over JDBC (in the
 * Spark profile) and a pgjdbc {@code COPY} pipe, on TPC-H lineitem in an embedded PostgreSQL. The cases run
 * interleaved round by round after a warm-up round, in this JVM but for {@code psql} and Spark, which are child
 * processes; each prints rows per second, wall seconds, CPU seconds (this JVM's, or the child's; the server's
 * processes are not counted) and the peak heap in use during the case (a child's peak resident set). The Parquet
 * outputs are read back with DuckDB and compared at the end.
 *
 * <p>Settings (system properties): {@code bench.rows} (1,000,000), {@code bench.rounds} (3), {@code bench.warmup}
 * (1), {@code bench.data} ({@code data}), {@code bench.only} (case names to run, separated by {@code |}, matched
 * by substring), {@code bench.spark} and {@code bench.spark.jvm} (set by the Spark profile).
 */
public final class PostgresBench {

    private static final String COLUMNS = "l_orderkey bigint, l_partkey bigint, l_suppkey bigint, "
            + "l_linenumber bigint, l_quantity numeric(15,2), l_extendedprice numeric(15,2), "
            + "l_discount numeric(15,2), l_tax numeric(15,2), l_returnflag text, l_linestatus text, "
            + "l_shipdate date, l_commitdate date, l_receiptdate date, l_shipinstruct text, l_shipmode text, "
            + "l_comment text";

    private static final String RAW = "CopyManager binary COPY out, bytes dropped";
    private static final String JDBC = "JDBC loop, fetch 10000, typed getters";
    private static final String ARROW = "Dativo to Arrow, batches dropped";
    private static final String PARQUET = "Dativo to Parquet (snappy, validated)";
    private static final String SPARK = "Spark JDBC to Parquet (child JVM)";
    private static final int BATCH = Integer.getInteger("bench.batch", 10_000);

    private final PostgresServer server;
    private final int port;
    private final Path data;
    private final Path csv;
    private final long rows;

    private PostgresBench(PostgresServer server, Path data, Path csv, long rows) {
        this.server = server;
        this.port = server.port();
        this.data = data;
        this.csv = csv;
        this.rows = rows;
    }

    /** Runs the benchmark as the system properties say and prints its table. */
    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(System.getProperty("bench.rows", "1000000"));
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "3"));
        int warmup = Integer.parseInt(System.getProperty("bench.warmup", "1"));
        Path data = Files.createDirectories(Path.of(System.getProperty("bench.data", "data")).toAbsolutePath());
        Path csv = data.resolve("tpch-lineitem-" + rows + ".csv");
        Lineitem.generate(rows, csv, null);
        System.out.printf("%,d rows, %d rounds after %d warm-up, Java %s, %d cores, load %s%n", rows, rounds, warmup,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load());
        try (PostgresServer server = PostgresServer.start()) {
            PostgresBench b = new PostgresBench(server, data, csv, rows);
            b.sql("CREATE TABLE lineitem (" + COLUMNS + ")", "CREATE TABLE loaded (" + COLUMNS + ")");
            b.copyCsvIn("lineitem");
            b.sql("VACUUM ANALYZE lineitem");
            // outputs of an earlier run would be checked as this one's
            deleteTree(data.resolve("runs"));
            PostgresBaselines base = new PostgresBaselines(server, b.port, data.resolve("runs"));
            String sparkJvm = System.getProperty("bench.spark.jvm", "");
            boolean spark = Boolean.getBoolean("bench.spark") && PostgresBaselines.sparkPresent();
            Map<String, Callable<Outcome>> cases = new LinkedHashMap<>();
            cases.put(RAW, base::copyOutRaw);
            cases.put(JDBC, base::jdbcLoop);
            cases.put("arrow-jdbc JdbcToArrow, batches dropped", base::arrowJdbc);
            cases.put(ARROW, () -> Outcome.of(b.toArrow(1)));
            cases.put("Dativo to Arrow, 2 partitions", () -> Outcome.of(b.toArrow(2)));
            cases.put(PARQUET, () -> Outcome.of(b.toParquet(1)));
            cases.put("Dativo to Parquet, 2 partitions", () -> Outcome.of(b.toParquet(2)));
            cases.put("Dativo to Parquet, JDBC path", () -> Outcome.of(b.toParquetJdbc()));
            if (PostgresBaselines.psqlPresent()) {
                cases.put("psql \\copy to CSV (child process)", base::psqlCopy);
            } else {
                System.out.println("psql is not on the PATH: its case is left out (apt-get install postgresql-client)");
            }
            if (spark) {
                cases.put(SPARK, () -> base.spark(1, sparkJvm));
                cases.put("Spark JDBC to Parquet, 2 partitions (child JVM)", () -> base.spark(2, sparkJvm));
            }
            cases.put("pgjdbc COPY TO STDOUT piped to COPY FROM STDIN (binary)",
                    () -> b.truncateThen(base::copyPipe));
            cases.put("Dativo PostgreSQL to PostgreSQL (append)", () -> b.truncateThen(b::postgresToPostgres));
            cases.put("CopyManager CSV COPY in", () -> b.truncateThen(() -> Outcome.of(b.copyCsvIn("loaded"))));
            cases.put("Dativo CSV to PostgreSQL (binary COPY)", () -> b.truncateThen(b::csvToPostgres));
            String only = System.getProperty("bench.only", "");
            if (!only.isEmpty()) {
                List<String> wanted = List.of(only.toLowerCase(Locale.ROOT).split("\\|"));
                cases.keySet().removeIf(name -> wanted.stream().noneMatch(name.toLowerCase(Locale.ROOT)::contains));
            }
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            for (int round = -warmup; round < rounds; round++) {
                for (Map.Entry<String, Callable<Outcome>> c : cases.entrySet()) {
                    double[] m = measure(c.getValue(), rows);
                    System.out.printf("round %d: %s: %,.0f rows/s, %.2f s wall, %.2f s CPU, %.0f MB %s%n",
                            round, c.getKey(), rows / m[0], m[0], m[1], m[2], m[3] > 0 ? "peak RSS" : "heap");
                    if (round >= 0) {
                        results.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(m);
                    }
                }
            }
            System.out.printf("%n| case | rows/s (median) | wall s | CPU s | peak MB |%n|---|---:|---:|---:|---:|%n");
            results.forEach((name, ms) -> System.out.printf("| %s | %,.0f | %.2f | %.2f | %.0f %s |%n", name,
                    rows / median(ms, 0), median(ms, 0), median(ms, 1), ms.stream().mapToDouble(m -> m[2]).max()
                            .orElse(0), ms.get(0)[3] > 0 ? "RSS" : "heap"));
            ratios(results);
            b.checkOutputs(spark);
            System.out.println("load after: " + load());
        }
    }

    /**
     * Wall seconds, CPU seconds, peak MB and 1 when that is a child's resident set (0 when it is this JVM's heap):
     * CPU is this JVM's for a case run here, the child's for a child process.
     */
    private static double[] measure(Callable<Outcome> run, long expected) throws Exception {
        System.gc();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Outcome o;
        double wall;
        double cpuSeconds;
        double peak;
        try (HeapPeak heap = new HeapPeak()) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            o = run.call();
            wall = (System.nanoTime() - start) / 1e9;
            cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
            peak = heap.megabytes();
        }
        if (o.rows() != expected) {
            throw new IllegalStateException("a case moved " + o.rows() + " rows, not " + expected);
        }
        if (o.child() != null) {
            return new double[] {wall, o.child().cpuSeconds(), o.child().peakRssMb(), 1};
        }
        return new double[] {wall, cpuSeconds, peak, 0};
    }

    /** The targets' ratios: each Dativo read against the raw COPY rate and the JDBC loop, by median wall time. */
    private static void ratios(Map<String, List<double[]>> results) {
        List<double[]> raw = results.get(RAW);
        if (raw == null) {
            return;
        }
        for (String name : List.of(ARROW, PARQUET)) {
            if (results.containsKey(name)) {
                System.out.printf("%s: %.2fx the raw COPY rate%n", name, median(raw, 0) / median(results.get(name),
                        0));
            }
        }
        if (results.containsKey(ARROW) && results.containsKey(JDBC)) {
            System.out.printf("%s: %.2fx the JDBC loop%n", ARROW, median(results.get(JDBC), 0)
                    / median(results.get(ARROW), 0));
        }
    }

    private static double median(List<double[]> ms, int i) {
        double[] xs = ms.stream().mapToDouble(m -> m[i]).sorted().toArray();
        return xs[xs.length / 2];
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    /** Empties table {@code loaded}, runs {@code load} into it and counts the rows it then holds. */
    private Outcome truncateThen(Callable<?> load) throws Exception {
        sql("TRUNCATE loaded");
        load.call();
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM loaded")) {
            rs.next();
            return Outcome.of(rs.getLong(1));
        }
    }

    private long copyCsvIn(String table) throws Exception {
        try (Connection c = server.connect(); Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table
                    + " FROM STDIN (FORMAT csv, HEADER true)", in);
        }
    }

    private SourceConfig source(int partitions, boolean copy) {
        return SourceConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port, "database",
                        "postgres")).credentials(Map.of("username", "postgres"))
                .tables(List.of(new TableSpec("lineitem", null, null))).engineOptions(Map.of("batch_size", BATCH,
                        "partition_column", "l_orderkey", "partitions", partitions, "copy", copy)).build();
    }

    private long toArrow(int partitions) throws Exception {
        long n;
        try (BufferAllocator allocator = new RootAllocator(); JdbcReader reader = new JdbcReader()) {
            reader.open(source(partitions, true));
            TestReadContext ctx = TestReadContext.builder(allocator, Lineitem.CONTRACT).batchSize(10_000).build();
            long[] count = new long[1];
            List<ReadSplit> splits = reader.planSplits(ctx).splits();
            List<Thread> threads = new ArrayList<>();
            List<Exception> failures = new ArrayList<>();
            for (ReadSplit split : splits) {
                Thread t = new Thread(() -> {
                    try {
                        reader.extract(ctx.withSplit(split), b -> {
                            synchronized (count) {
                                count[0] += b.root().getRowCount();
                            }
                            b.root().close();
                        });
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            n = count[0];
        }
        return n;
    }

    private long toParquet(int partitions) throws Exception {
        return parquet(source(partitions, true), partitions, "postgres-parquet-" + partitions);
    }

    private long toParquetJdbc() throws Exception {
        return parquet(source(1, false), 1, "postgres-parquet-jdbc");
    }

    private long parquet(SourceConfig source, int parallelism, String name) throws Exception {
        Path out = data.resolve("runs").resolve(name);
        deleteTree(out);
        RunResult r = Pipeline.builder().name("pg_bench").tenant("bench").asset(Lineitem.CONTRACT).source(source)
                .target(TargetConfig.local(out.toString(), "parquet", List.of())).parallelism(parallelism)
                .stateStore(new InMemoryStateStore()).build().run();
        if (!r.succeeded()) {
            throw new IllegalStateException(r.error());
        }
        return r.recordsWritten();
    }

    private long csvToPostgres() throws Exception {
        RunResult r = Pipeline.builder().name("csv_pg_bench").tenant("bench").asset(Lineitem.CONTRACT)
                .source(SourceConfig.builder("csv").files(List.of(new FileSpec(csv.toString(), "lineitem", null)))
                        .engineOptions(Map.of("batch_size", 10_000)).build())
                .target(TargetConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", "postgres", "table", "loaded")).credentials(Map.of("username", "postgres"))
                        .writeMode(WriteMode.APPEND).build())
                .stateStore(new InMemoryStateStore()).build().run();
        if (!r.succeeded()) {
            throw new IllegalStateException(r.error());
        }
        return r.recordsWritten();
    }

    private long postgresToPostgres() throws Exception {
        RunResult r = Pipeline.builder().name("pg_pg_bench").tenant("bench").asset(Lineitem.CONTRACT)
                .source(source(1, true)).target(TargetConfig.builder("postgres").connection(Map.of("host",
                        "127.0.0.1", "port", port, "database", "postgres", "table", "loaded"))
                        .credentials(Map.of("username", "postgres")).writeMode(WriteMode.APPEND).build())
                .stateStore(new InMemoryStateStore()).build().run();
        if (!r.succeeded()) {
            throw new IllegalStateException(r.error());
        }
        return r.recordsWritten();
    }

    /**
     * Reads the Parquet outputs back with DuckDB and fails unless each holds every row and, column by column,
     * the same values as the single-partition COPY path's output.
     */
    private void checkOutputs(boolean spark) throws Exception {
        BenchCase c = new BenchCase("postgres-lineitem", Lineitem.CONTRACT, csv, "csv", rows);
        Path runs = data.resolve("runs");
        if (!Files.exists(runs.resolve("postgres-parquet-1"))) {
            return;
        }
        OutputCheck.Digest reference = OutputCheck.digest(c, runs.resolve("postgres-parquet-1"));
        OutputCheck.compare(c, "Dativo", reference, null, null);
        List<String> others = new ArrayList<>(List.of("postgres-parquet-2", "postgres-parquet-jdbc"));
        if (spark) {
            others.addAll(List.of("spark-1/out", "spark-2/out"));
        }
        for (String other : others) {
            if (Files.exists(runs.resolve(other))) {
                OutputCheck.compare(c, other, OutputCheck.digest(c, runs.resolve(other)), "Dativo", reference);
            }
        }
        System.out.println("outputs checked: every Parquet output holds the same rows and values");
    }

    static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", List.of(parts).subList(0, Math.min(3, parts.length)));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
