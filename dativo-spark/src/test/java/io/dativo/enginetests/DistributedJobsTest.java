package io.dativo.enginetests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.core.DistributedRun;
import io.dativo.core.Pipeline;
import io.dativo.core.RunHandle;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobLocation;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs every engine runner must run as a local run does, each checked against the same job run locally, value
 * for value, with the output read back by DuckDB: a multi-file CSV job, a PostgreSQL table read in four ranges, an
 * incremental job run three times with new files in between, a task failing once (retried) or always (nothing
 * committed), a run cancelled or out of time while a task is blocked in its reader (nothing committed), and a plugin
 * reader without splits (one task). A subclass runs a job on its engine, which must retry a failed task once.
 */
public abstract class DistributedJobsTest {

    /** Rows of the multi-file CSV job; {@code -Ddativo.engine.rows=2000000} runs it at full size. */
    private static final int ROWS = Integer.getInteger("dativo.engine.rows", 400_000);
    private static final int FILES = 8;

    @TempDir
    protected Path dir;

    /** Runs the job at {@code job} once on the engine. */
    protected abstract RunResult onEngine(JobLocation job);

    /** Starts {@code run} on the engine. */
    protected abstract RunHandle startOnEngine(DistributedRun run);

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private void csv(String name, long from, long to, Instant modified) throws IOException {
        StringBuilder s = new StringBuilder("id,name,amount,ordered_at\n");
        for (long id = from; id < to; id++) {
            s.append(id).append(",customer ").append(id % 9973).append(',').append(id % 100_000).append('.')
                    .append(id % 100).append(",2026-11-").append(String.format("%02d", 1 + id % 28))
                    .append(' ').append(String.format("%02d:%02d:00", id % 24, id % 60)).append('\n');
        }
        Files.setLastModifiedTime(write(name, s.toString()), FileTime.from(modified));
    }

    private void orders() throws IOException {
        write("orders.yaml", """
                apiVersion: v3.0.2
                kind: DataContract
                name: orders
                version: "1.0"
                domain: sales
                dataProduct: engines
                schema:
                  - {name: id, type: integer, required: true}
                  - {name: name, type: string}
                  - {name: amount, type: decimal, precision: 12, scale: 2}
                  - {name: ordered_at, type: timestamp}
                """);
    }

    private Path csvJob(String name, String out, boolean incremental) throws IOException {
        return write(name + ".yaml", """
                tenant_id: acme
                source_connector: csv
                target_connector: local
                asset_path: orders.yaml
                source:
                  files:
                    - path: landing/*.csv
                      object: orders
                %s
                target:
                  connection: {path: %s}
                  file_format: parquet
                  target_file_size_mb: 2
                """.formatted(incremental ? "  incremental: {strategy: file_modified_time, state_path: state-"
                + name + "}" : "", out));
    }

    private RunResult local(Path job) {
        return Pipeline.fromYaml(job, new JobLoader().withBaseDir(dir)).run();
    }

    private RunResult onEngine(Path job) {
        return onEngine(location(job));
    }

    private JobLocation location(Path job) {
        return new JobLocation(job.toString(), dir.toString(), Map.of());
    }

    private String parquet(String out) {
        return DuckDb.parquet(dir.resolve(out) + "/**/*.parquet");
    }

    private long scalar(String sql) throws Exception {
        return ((Number) DuckDb.query(sql).get(0).get(0)).longValue();
    }

    /** Every id of {@code out} once, {@code rows} in all, and the same rows as {@code other}, value for value. */
    private void assertSameRowsOnce(String out, String other, long rows) throws Exception {
        assertSameRowsOnce(out, other, rows, "id");
    }

    private void assertSameRowsOnce(String out, String other, long rows, String key) throws Exception {
        assertThat(scalar("SELECT count(*) FROM " + parquet(out))).isEqualTo(rows);
        assertThat(scalar("SELECT count(DISTINCT " + key + ") FROM " + parquet(out))).isEqualTo(rows);
        assertThat(scalar("SELECT count(*) FROM (SELECT * FROM " + parquet(out) + " EXCEPT ALL SELECT * FROM "
                + parquet(other) + ")")).isZero();
        assertThat(scalar("SELECT count(*) FROM (SELECT * FROM " + parquet(other) + " EXCEPT ALL SELECT * FROM "
                + parquet(out) + ")")).isZero();
    }

    private List<String> pending(String out) throws IOException {
        if (!Files.exists(dir.resolve(out))) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir.resolve(out))) {
            return walk.map(Path::toString).filter(p -> p.endsWith(".dativo-pending")).toList();
        }
    }

    @Test
    void aMultiFileCsvJobCommitsWhatALocalRunCommits() throws Exception {
        orders();
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        for (int f = 0; f < FILES; f++) {
            csv("landing/orders-" + f + ".csv", (long) ROWS * f / FILES, (long) ROWS * (f + 1) / FILES, t);
        }
        RunResult local = local(csvJob("local", "out-local", false));
        RunResult engine = onEngine(csvJob("engine", "out-engine", false));

        assertThat(engine.succeeded()).as(engine.error()).isTrue();
        assertThat(local.succeeded()).as(local.error()).isTrue();
        assertThat(engine.recordsRead()).isEqualTo(ROWS);
        assertThat(engine.recordsWritten()).isEqualTo(local.recordsWritten()).isEqualTo(ROWS);
        assertThat(engine.files()).hasSizeGreaterThan(1).hasSameSizeAs(local.files());
        assertSameRowsOnce("out-engine", "out-local", ROWS);
        assertThat(pending("out-engine")).isEmpty();
    }

    @Test
    void aPostgresTableIsReadInFourRanges() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id bigint primary key, name text, amount numeric(12,2), "
                        + "ordered_at timestamp)");
                s.execute("INSERT INTO orders SELECT g, 'customer ' || (g % 9973), (g % 100000) + (g % 100) / 100.0,"
                        + " timestamp '2026-11-01' + g * interval '1 second' FROM generate_series(1, 100000) g");
            }
            orders();
            String job = """
                    tenant_id: acme
                    source_connector: postgres
                    target_connector: local
                    asset_path: orders.yaml
                    source:
                      connection: {url: "%s"}
                      credentials: {username: postgres}
                      tables: [{name: orders, cursor_field: id}]
                      incremental: {strategy: cursor, state_path: state-%s}
                      engine: {options: {partition_column: id, partitions: 4}}
                    target:
                      connection: {path: out-%s}
                      file_format: parquet
                    """;
            RunResult local = local(write("local.yaml", job.formatted(pg.url(), "local", "local")));
            RunResult engine = onEngine(write("engine.yaml", job.formatted(pg.url(), "engine", "engine")));

            assertThat(engine.succeeded()).as(engine.error()).isTrue();
            assertThat(local.succeeded()).as(local.error()).isTrue();
            assertThat(engine.files()).as("one file per range").hasSize(4);
            assertSameRowsOnce("out-engine", "out-local", 100_000);
            assertThat(engine.stateAfter()).isEqualTo(local.stateAfter())
                    .containsEntry("orders", Map.of("cursor_field", "id", "cursor", "100000"));
        }
    }

    @Test
    void anIncrementalJobRunThreeTimesReadsEachNewFileOnceWithTheStateOfALocalRun() throws Exception {
        orders();
        Path localJob = csvJob("local", "out-local", true);
        Path engineJob = csvJob("engine", "out-engine", true);
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        long rows = 0;
        for (int run = 0; run < 3; run++) {
            for (int f = 0; f < 2; f++) {
                csv("landing/orders-" + run + "-" + f + ".csv", rows, rows + 5_000, t.plusSeconds(3600L * run + f));
                rows += 5_000;
            }
            RunResult local = local(localJob);
            RunResult engine = onEngine(engineJob);

            assertThat(engine.succeeded()).as(engine.error()).isTrue();
            assertThat(local.succeeded()).as(local.error()).isTrue();
            assertThat(engine.recordsRead()).as("run %d reads only the new files", run).isEqualTo(10_000);
            assertThat(engine.stateBefore()).isEqualTo(local.stateBefore());
            assertThat(engine.stateAfter()).isEqualTo(local.stateAfter()).isNotEmpty();
            assertSameRowsOnce("out-engine", "out-local", rows);
        }
    }

    private Path flakyJob(int failTimes) throws IOException {
        return flakyJob("fail_split: range-2, fail_times: " + failTimes);
    }

    private Path flakyJob(String options) throws IOException {
        write("ids.yaml", """
                apiVersion: v3.0.2
                kind: DataContract
                name: ids
                version: "1.0"
                domain: test
                schema:
                  - {name: id, type: integer, required: true}
                """);
        return write("flaky.yaml", """
                tenant_id: acme
                source_connector: flaky_range
                target_connector: local
                asset_path: ids.yaml
                source:
                  objects: [ids]
                  connection: {total: 40000, splits: 4, %s, markers: %s}
                target:
                  connection: {path: out}
                  file_format: parquet
                """.formatted(options, dir.resolve("markers")));
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndEveryRowLandsOnce() throws Exception {
        RunResult r = onEngine(flakyJob(1));

        assertThat(r.succeeded()).as(r.error()).isTrue();
        assertThat(r.recordsRead()).isEqualTo(40_000);
        assertThat(r.files()).hasSize(4).anySatisfy(f -> assertThat(f.path()).contains("range-2-a2-"));
        assertThat(scalar("SELECT count(*) FROM " + parquet("out"))).isEqualTo(40_000);
        assertThat(scalar("SELECT count(DISTINCT id) FROM " + parquet("out"))).isEqualTo(40_000);
        assertThat(pending("out")).isEmpty();
    }

    @Test
    void aTaskThatAlwaysFailsFailsTheJobWithNothingCommitted() throws Exception {
        RunResult r = onEngine(flakyJob(100));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.error()).contains("planted fault in split range-2");
        try (Stream<Path> walk = Files.walk(dir.resolve("out"))) {
            assertThat(walk.filter(Files::isRegularFile).map(p -> dir.resolve("out").relativize(p).toString())
                    .filter(p -> !p.startsWith(".")).toList()).isEmpty();
        }
        assertThat(pending("out")).isEmpty();
    }

    /** Nothing under {@code out} but what is hidden (the committer's own folders), and nothing staged. */
    private void assertNothingCommitted(String out) throws IOException {
        if (Files.exists(dir.resolve(out))) {
            try (Stream<Path> walk = Files.walk(dir.resolve(out))) {
                assertThat(walk.filter(Files::isRegularFile).map(p -> dir.resolve(out).relativize(p).toString())
                        .filter(p -> !p.startsWith(".")).toList()).isEmpty();
            }
        }
        assertThat(pending(out)).isEmpty();
    }

    @Test
    void aRunThatRunsOutOfTimeIsCancelledOnTheEngineWithNothingCommitted() throws Exception {
        long t0 = System.nanoTime();
        RunResult r = startOnEngine(DistributedRun.of(location(flakyJob("block_split: range-1")))
                .withTimeout(Duration.ofSeconds(3))).await(Duration.ofMinutes(3)).orElseThrow();

        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(r.recordsWritten()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMinutes(2));
        assertNothingCommitted("out");
    }

    @Test
    void aCancelledRunCancelsTheEngineWithNothingCommitted() throws Exception {
        RunHandle handle = startOnEngine(DistributedRun.of(location(flakyJob("block_split: range-1"))));
        Path blocking = dir.resolve("markers/blocking");
        for (long end = System.nanoTime() + Duration.ofMinutes(2).toNanos(); !Files.exists(blocking)
                && System.nanoTime() < end; ) {
            Thread.sleep(20);
        }
        assertThat(blocking).as("a split is blocked in its reader").exists();
        handle.cancel();
        RunResult r = handle.await(Duration.ofMinutes(2)).orElseThrow();

        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.recordsWritten()).isZero();
        assertNothingCommitted("out");
    }

    @Test
    void thePluginReaderWithoutSplitsRunsUnchangedAsOneTask() throws Exception {
        write("squares.yaml", """
                apiVersion: v3.0.2
                kind: DataContract
                name: squares
                version: "1.0"
                domain: examples
                schema:
                  - {name: n, type: integer, required: true}
                  - {name: square, type: integer, required: true}
                  - {name: label, type: string}
                """);
        Path job = write("squares-job.yaml", """
                tenant_id: acme
                source_connector: sequence
                target_connector: local
                asset_path: squares.yaml
                source:
                  objects: [squares]
                  connection: {start: 1, count: 1000, step: 1}
                target:
                  connection: {path: out-%s}
                """);
        Path localJob = write("squares-local.yaml", Files.readString(job).formatted("local"));
        Path engineJob = write("squares-engine.yaml", Files.readString(job).formatted("engine"));
        RunResult local = local(localJob);
        RunResult engine = onEngine(engineJob);

        assertThat(engine.succeeded()).as(engine.error()).isTrue();
        assertThat(engine.files()).singleElement().satisfies(f -> assertThat(f.path()).contains("-whole-a1-"));
        assertSameRowsOnce("out-engine", "out-local", 1000, "n");
        assertThat(local.recordsRead()).isEqualTo(1000);
    }
}
