package io.dativo.bench;

import io.dativo.testkit.PostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.adapter.jdbc.ArrowVectorIterator;
import org.apache.arrow.adapter.jdbc.JdbcToArrow;
import org.apache.arrow.adapter.jdbc.JdbcToArrowConfig;
import org.apache.arrow.adapter.jdbc.JdbcToArrowConfigBuilder;
import org.apache.arrow.adapter.jdbc.JdbcToArrowUtils;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * What {@link PostgresBench} measures Dativo against: pgjdbc's {@code CopyManager}, a plain JDBC loop, Arrow's own
 * {@code arrow-jdbc} iterator and a pgjdbc {@code COPY} pipe in this JVM; {@code psql \copy} and Spark over JDBC as
 * child processes, measured from the outside.
 */
final class PostgresBaselines {

    /** Rows a JDBC fetch brings at a time, for every JDBC reader here. */
    static final int FETCH = 10_000;

    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(30);

    private final PostgresServer server;
    private final int port;
    private final Path runs;

    PostgresBaselines(PostgresServer server, int port, Path runs) {
        this.server = server;
        this.port = port;
        this.runs = runs;
    }

    /** The rows a case moved, and for a child process what it took, measured from the outside. */
    record Outcome(long rows, ChildRun.Measured child) {

        static Outcome of(long rows) {
            return new Outcome(rows, null);
        }
    }

    /** pgjdbc reads {@code COPY ... TO STDOUT (FORMAT binary)} and drops the bytes: one connection's ceiling. */
    Outcome copyOutRaw() throws Exception {
        try (Connection c = server.connect()) {
            return Outcome.of(c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM lineitem) "
                    + "TO STDOUT (FORMAT binary)", OutputStream.nullOutputStream()));
        }
    }

    /** A plain JDBC loop with a typed getter per column, autocommit off so that pgjdbc streams by cursor. */
    Outcome jdbcLoop() throws Exception {
        long n = 0;
        try (Connection c = server.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM lineitem")) {
                ps.setFetchSize(FETCH);
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
        return Outcome.of(n);
    }

    /** Arrow's {@code JdbcToArrow} iterator over the same streaming result set, batches counted and dropped. */
    Outcome arrowJdbc() throws Exception {
        long n = 0;
        try (BufferAllocator allocator = new RootAllocator(); Connection c = server.connect()) {
            c.setAutoCommit(false);
            JdbcToArrowConfig config = new JdbcToArrowConfigBuilder(allocator, JdbcToArrowUtils.getUtcCalendar())
                    .setTargetBatchSize(FETCH).build();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM lineitem")) {
                ps.setFetchSize(FETCH);
                try (ResultSet rs = ps.executeQuery();
                     ArrowVectorIterator batches = JdbcToArrow.sqlToArrowVectorIterator(rs, config)) {
                    while (batches.hasNext()) {
                        try (VectorSchemaRoot root = batches.next()) {
                            n += root.getRowCount();
                        }
                    }
                }
            }
            c.commit();
        }
        return Outcome.of(n);
    }

    /** {@code COPY lineitem TO STDOUT} piped message by message into {@code COPY loaded FROM STDIN}, binary. */
    Outcome copyPipe() throws Exception {
        try (Connection from = server.connect(); Connection to = server.connect()) {
            CopyManager in = to.unwrap(PGConnection.class).getCopyAPI();
            CopyOut out = from.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY lineitem TO STDOUT "
                    + "(FORMAT binary)");
            CopyIn load = in.copyIn("COPY loaded FROM STDIN (FORMAT binary)");
            byte[] message;
            while ((message = out.readFromCopy()) != null) {
                load.writeToCopy(message, 0, message.length);
            }
            return Outcome.of(load.endCopy());
        }
    }

    /** {@code psql \copy lineitem TO 'file' (FORMAT csv)}, a child process; its CPU is psql's alone. */
    Outcome psqlCopy() throws Exception {
        Path dir = Files.createDirectories(runs.resolve("psql"));
        Path out = dir.resolve("lineitem.csv");
        Files.deleteIfExists(out);
        ChildRun.Measured m = ChildRun.run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "host=127.0.0.1 "
                + "port=" + port + " user=postgres dbname=postgres", "-c", "\\copy lineitem TO '" + out
                + "' WITH (FORMAT csv)"), dir, Map.of(),
                CHILD_TIMEOUT);
        long lines;
        try (var stream = Files.lines(out, StandardCharsets.UTF_8)) {
            lines = stream.count();
        }
        Files.delete(out);
        return new Outcome(lines, m);
    }

    /** Whether {@code psql} runs here (Debian's postgresql-client). */
    static boolean psqlPresent() {
        try {
            return new ProcessBuilder("psql", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Whether Spark is on the class path (the benchmark's Spark profile). */
    static boolean sparkPresent() {
        try {
            Class.forName("io.dativo.bench.SparkCopy", false, PostgresBaselines.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Spark local[2] in a child JVM reads lineitem over JDBC in {@code partitions} ranges of {@code l_orderkey}
     * (fetch size as the other JDBC readers) and writes snappy Parquet; the rows are counted in its output.
     */
    Outcome spark(int partitions, String sparkJvm) throws Exception {
        Path dir = Files.createDirectories(runs.resolve("spark-" + partitions));
        Path out = dir.resolve("out");
        PostgresBench.deleteTree(out);
        long[] range = range();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (sparkJvm != null && !sparkJvm.isBlank()) {
            cmd.addAll(Arrays.asList(sparkJvm.trim().split("\\s+")));
        }
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.dativo.bench.SparkCopy", "jdbc",
                server.url().replaceAll("\\?.*", "") + "?user=postgres", "lineitem", out.toString(),
                dir.resolve("spark-local").toString(), Integer.toString(partitions), "l_orderkey",
                Long.toString(range[0]), Long.toString(range[1]), Integer.toString(FETCH)));
        ChildRun.Measured m = ChildRun.run(cmd, dir, Map.of("SPARK_LOCAL_IP", "127.0.0.1"), CHILD_TIMEOUT);
        return new Outcome(parquetRows(out), m);
    }

    /** The rows of the Parquet files under {@code dir}, from their footers. */
    private static long parquetRows(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + dir + "/**/*.parquet')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long[] range() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT min(l_orderkey), max(l_orderkey) FROM lineitem")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
