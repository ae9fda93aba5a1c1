package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.PostgresServer;
import io.dativo.testkit.TestReadContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults and limits between PostgreSQL and PostgreSQL: a JVM killed with SIGKILL while it writes, and connections the
 * server drops under a run's reader or writer (the target table holds every row exactly once, or is as it was); and
 * a table larger than the heap of the JVM reading it.
 */
class PostgresFaultTest {

    static final int ROWS = 150_000;
    static PostgresServer server;
    static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        port = server.port();
        sql("CREATE TABLE big (id bigint, v text)",
                "INSERT INTO big SELECT g, repeat('x', 40) || g FROM generate_series(1, " + ROWS + ") g");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /**
     * Runs the job in {@code args[0]} with base directory {@code args[1]}, in a JVM the test kills; or, given
     * {@code --count PORT TABLE}, reads the table's rows through the reader, drops the batches and prints how many
     * there were.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--count")) {
            long rows = 0;
            try (RootAllocator allocator = new RootAllocator(); JdbcReader reader = new JdbcReader()) {
                reader.open(SourceConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port",
                        args[1], "database", "postgres")).credentials(Map.of("username", "postgres"))
                        .tables(List.of(new TableSpec(args[2], null, null))).build());
                long[] n = new long[1];
                reader.extract(TestReadContext.builder(allocator, WIDE).batchSize(5000).build(), b -> {
                    n[0] += b.root().getRowCount();
                    b.root().close();
                });
                rows = n[0];
            }
            System.out.println("rows=" + rows);
            return;
        }
        RunResult r = Pipeline.fromYaml(Path.of(args[0]), new JobLoader().withBaseDir(Path.of(args[1]))).run();
        System.exit(r.succeeded() ? 0 : 2);
    }

    static final AssetDefinition WIDE = AssetDefinition.of("wide", List.of(FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("v", DataType.STRING, false)));

    @Test
    void aMillionRowsLargerThanTheHeapStreamThroughAReaderWithASmallHeap() throws Exception {
        sql("CREATE TABLE wide (id bigint, v text)",
                "INSERT INTO wide SELECT g, repeat('y', 60) || g FROM generate_series(1, 1000000) g");
        assertThat(count("SELECT pg_total_relation_size('wide')")).as("the table is larger than the heap")
                .isGreaterThan(64L << 20);
        Path log = dir.resolve("count.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                PostgresFaultTest.class.getName(), "--count", Integer.toString(port), "wide")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("rows=1000000");
        sql("DROP TABLE wide");
    }

    static void sql(String... statements) throws Exception {
        server.sql(statements);
    }

    static long count(String sql) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private Path job(String name, String table, String partitions) throws Exception {
        Files.writeString(dir.resolve("asset.yaml"), "name: big\nschema:\n  - {name: id, type: integer, "
                + "required: true}\n  - {name: v, type: string}\n");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        return Files.writeString(dir.resolve(name + ".yaml"), """
                tenant_id: acme
                name: %s
                source_connector: postgres
                target_connector: postgres
                asset_path: asset.yaml
                source:
                  connection: {url: "%s"}
                  credentials: {username: postgres}
                  tables: [{name: big, partition_column: id, partitions: %s}]
                  incremental: {strategy: cursor, cursor_field: id, state_path: state}
                  engine: {options: {batch_size: 5000}}
                target:
                  connection: {url: "%s", table: %s}
                  credentials: {username: postgres}
                retry_config: {max_retries: 2, initial_delay_seconds: 0}
                parallelism: 2
                """.formatted(name, url, partitions, url, table));
    }

    private RunResult run(Path job) {
        try (LeakCheckedAllocator allocator = new LeakCheckedAllocator()) {
            return Pipeline.fromYaml(job, new JobLoader().withBaseDir(dir)).withAllocator(allocator).run();
        }
    }

    /** Rows loaded into staging tables of the target so far (a split's COPY shows its rows when it ends). */
    private static long stagedRows() throws Exception {
        long rows = 0;
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT tablename FROM pg_tables WHERE tablename LIKE 'dativo_stg_%'")) {
            while (rs.next()) {
                try (Statement q = c.createStatement(); ResultSet n = q.executeQuery("SELECT count(*) FROM "
                        + rs.getString(1))) {
                    rows += n.next() ? n.getLong(1) : 0;
                } catch (SQLException gone) {
                    // dropped between the listing and the count
                }
            }
        }
        return rows;
    }

    @Test
    void aJvmKilledWhileWritingThenRunAgainLeavesEveryRowExactlyOnce() throws Exception {
        Path job = job("killed", "killed_copy", "8");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                PostgresFaultTest.class.getName(), job.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (child.isAlive() && stagedRows() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(child.isAlive()).as("the child is still writing when it is killed: "
                + Files.readString(dir.resolve("child.log"))).isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(count("SELECT count(*) FROM dativo_commits WHERE job = 'killed'")).isZero();
        assertThat(count("SELECT count(*) FROM pg_tables WHERE tablename = 'killed_copy'") == 0
                || count("SELECT count(*) FROM killed_copy") == 0).as("nothing of the killed run is visible").isTrue();

        RunResult again = run(job);
        assertThat(again.status()).as(again.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(count("SELECT count(*) FROM killed_copy")).isEqualTo(ROWS);
        assertThat(count("SELECT count(DISTINCT id) FROM killed_copy")).isEqualTo(ROWS);
        assertThat(count("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'dativo_stg_%'"))
                .as("the dead run's staging tables were dropped").isZero();
        assertThat(run(job).recordsRead()).as("the state moved with the commit").isZero();
    }

    /**
     * Terminates the first backend whose query starts with {@code prefix} while {@code job} runs; the run retries
     * or fails, and the target holds the source's rows exactly once or nothing.
     */
    private void dropConnectionDuring(String name, String prefix) throws Exception {
        Path job = job(name, name + "_copy", "1");
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> run(job));
        int terminated = 0;
        while (!running.isDone() && terminated == 0) {
            terminated = (int) count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE query LIKE '" + prefix + "%' AND state = 'active' AND pid <> pg_backend_pid()");
        }
        RunResult r = running.get(120, TimeUnit.SECONDS);
        assertThat(terminated).as("a connection was dropped mid-run").isPositive();
        long rows = count("SELECT count(*) FROM pg_tables WHERE tablename = '" + name + "_copy'") == 0 ? 0
                : count("SELECT count(*) FROM " + name + "_copy");
        if (r.status() == RunStatus.SUCCEEDED) {
            assertThat(r.attempts()).as("the retry read again").isGreaterThan(1);
            assertThat(rows).isEqualTo(ROWS);
            assertThat(count("SELECT count(DISTINCT id) FROM " + name + "_copy")).isEqualTo(ROWS);
        } else {
            assertThat(r.error()).isNotBlank();
            assertThat(rows).as("a failed run commits nothing").isZero();
        }
        assertThat(count("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'dativo_stg_%'"))
                .as("no staging table is left after " + r.status() + " in " + r.attempts() + " attempts: "
                        + r.error()).isZero();
    }

    @Test
    void aConnectionDroppedUnderTheReaderIsRetriedOrFailsCommittingNothing() throws Exception {
        dropConnectionDuring("dropped_read", "COPY (SELECT");
    }

    @Test
    void aConnectionDroppedUnderTheWriterIsRetriedOrFailsCommittingNothing() throws Exception {
        dropConnectionDuring("dropped_write", "COPY \"dativo_stg_");
    }
}
