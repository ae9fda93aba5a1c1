package io.dativo.bench;

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
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.postgresql.PGConnection;

/**
 * PostgreSQL to Arrow and Parquet, and CSV to PostgreSQL, Dativo against pgjdbc's {@code CopyManager} (the ceiling
 * of one connection) and a plain JDBC loop, on TPC-H lineitem in an embedded PostgreSQL. Every case runs in this
 * JVM, interleaved round by round after a warm-up round; each prints rows per second, wall and JVM CPU seconds (the
 * server's own processes are not counted) and the peak heap in use during the case.
 *
 * <p>Settings (system properties): {@code bench.rows} (1,000,000), {@code bench.rounds} (3), {@code bench.warmup}
 * (1), {@code bench.data} ({@code data}).
 */
public final class PostgresBench {

    private static final String COLUMNS = "l_orderkey bigint, l_partkey bigint, l_suppkey bigint, "
            + "l_linenumber bigint, l_quantity numeric(15,2), l_extendedprice numeric(15,2), "
            + "l_discount numeric(15,2), l_tax numeric(15,2), l_returnflag text, l_linestatus text, l_shipdate date, l_commitdate date, "
            + "l_receiptdate date, l_shipinstruct text, l_shipmode text, l_comment text";

    private final PostgresServer server;
    private final int port;
    private final Path data;
    private final Path csv;
    private final long rows;

    private PostgresBench(PostgresServer server, Path data, Path csv, long rows) {
        this.server = server;
        this.port = Integer.parseInt(server.url().replaceAll(".*://[^:]+:(\\d+)/.*", "$1"));
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
        Lineitem.generate(rows, csv, data.resolve("tpch-lineitem-" + rows + ".jsonl"));
        System.out.printf("%,d rows, %d rounds after %d warm-up, Java %s, %d cores, load %s%n", rows, rounds, warmup,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load());
        try (PostgresServer server = PostgresServer.start()) {
            PostgresBench b = new PostgresBench(server, data, csv, rows);
            b.sql("CREATE TABLE lineitem (" + COLUMNS + ")", "CREATE TABLE loaded (" + COLUMNS + ")");
            b.copyCsvIn("lineitem");
            b.sql("VACUUM ANALYZE lineitem");
            Map<String, Callable<Long>> cases = new LinkedHashMap<>();
            cases.put("CopyManager binary COPY out, bytes dropped", b::copyOutRaw);
            cases.put("JDBC loop, fetch 10000, typed getters", b::jdbcLoop);
            cases.put("Dativo to Arrow, batches dropped", () -> b.toArrow(1));
            cases.put("Dativo to Arrow, 2 partitions", () -> b.toArrow(2));
            cases.put("Dativo to Parquet (snappy, validated)", () -> b.toParquet(1));
            cases.put("Dativo to Parquet, 2 partitions", () -> b.toParquet(2));
            cases.put("Dativo to Parquet, JDBC path", () -> b.toParquetJdbc());
            cases.put("CopyManager CSV COPY in", () -> b.truncateThen(() -> b.copyCsvIn("loaded")));
            cases.put("Dativo CSV to PostgreSQL (binary COPY)", () -> b.truncateThen(b::csvToPostgres));
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            for (int round = -warmup; round < rounds; round++) {
                for (Map.Entry<String, Callable<Long>> c : cases.entrySet()) {
                    double[] m = measure(c.getValue(), rows);
                    System.out.printf("round %d: %s: %,.0f rows/s, %.2f s wall, %.2f s JVM CPU, %.0f MB heap%n",
                            round, c.getKey(), rows / m[0], m[0], m[1], m[2]);
                    if (round >= 0) {
                        results.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(m);
                    }
                }
            }
            System.out.printf("%n| case | rows/s (median) | wall s | JVM CPU s | peak heap MB |%n"
                    + "|---|---:|---:|---:|---:|%n");
            results.forEach((name, ms) -> System.out.printf("| %s | %,.0f | %.2f | %.2f | %.0f |%n", name,
                    rows / median(ms, 0), median(ms, 0), median(ms, 1), ms.stream().mapToDouble(m -> m[2]).max()
                            .orElse(0)));
            System.out.println("load after: " + load());
        }
    }

    private static double[] measure(Callable<Long> run, long expected) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        long n = run.call();
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
        if (n != expected) {
            throw new IllegalStateException("a case moved " + n + " rows, not " + expected);
        }
        double peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
        return new double[] {wall, cpuSeconds, peak};
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

    private long truncateThen(Callable<Long> load) throws Exception {
        sql("TRUNCATE loaded");
        load.call();
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM loaded")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long copyCsvIn(String table) throws Exception {
        try (Connection c = server.connect(); Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table
                    + " FROM STDIN (FORMAT csv, HEADER true)", in);
        }
    }

    private long copyOutRaw() throws Exception {
        try (Connection c = server.connect()) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM lineitem) TO STDOUT "
                    + "(FORMAT binary)", OutputStream.nullOutputStream());
        }
    }

    private long jdbcLoop() throws Exception {
        long n = 0;
        try (Connection c = server.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM lineitem")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 1; i <= 4; i++) {
                            rs.getLong(i);
                        }
                        for (int i = 5; i <= 8; i++) {
                            rs.getBigDecimal(i);
                        }
                        rs.getString(9);
                        rs.getString(10);
                        for (int i = 11; i <= 13; i++) {
                            rs.getObject(i, LocalDate.class);
                        }
                        for (int i = 14; i <= 16; i++) {
                            rs.getString(i);
                        }
                        n++;
                    }
                }
            }
            c.commit();
        }
        return n;
    }

    private SourceConfig source(int partitions, boolean copy) {
        return SourceConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port, "database",
                        "postgres")).credentials(Map.of("username", "postgres"))
                .tables(List.of(new TableSpec("lineitem", null, null))).engineOptions(Map.of("batch_size", 10_000,
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
        return parquet(source(partitions, true), partitions);
    }

    private long toParquetJdbc() throws Exception {
        return parquet(source(1, false), 1);
    }

    private long parquet(SourceConfig source, int parallelism) throws Exception {
        Path out = data.resolve("runs/postgres-parquet");
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

    private static void deleteTree(Path dir) throws Exception {
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
