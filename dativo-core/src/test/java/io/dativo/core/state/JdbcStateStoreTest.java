package io.dativo.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.DativoException;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.core.connector.file.CsvReader;
import io.dativo.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC state store against a real PostgreSQL server. */
class JdbcStateStoreTest {

    static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    private JdbcStateStore store(String prefix) {
        return new JdbcStateStore(pg::connect, prefix, "test postgres");
    }

    @Test
    void recordsRoundTripAndAreListedAndDeleted() throws Exception {
        JdbcStateStore store = store("t1_");
        StateKey a = new StateKey("acme", "job", "orders");
        StateKey b = new StateKey("acme", "job", "users");
        Instant at = Instant.parse("2026-11-24T10:00:00.123456Z");
        store.save(List.of(new StateRecord(a, Map.of("cursor", "2026-11-01", "ties", List.of(1, 2)), "r1", at, null),
                new StateRecord(b, Map.of("cursor", 5), "r1", at, null)));
        store.save(List.of(new StateRecord(a, Map.of("cursor", "2026-11-02"), "r2", at.plusSeconds(5), null)));
        StateRecord loaded = store.load(a).orElseThrow();
        assertThat(loaded.values()).isEqualTo(Map.of("cursor", "2026-11-02"));
        assertThat(loaded.runId()).isEqualTo("r2");
        assertThat(loaded.committedAt()).isEqualTo(at.plusSeconds(5));
        assertThat(store.list("acme", "job")).extracting(r -> r.key().object()).containsExactly("orders", "users");
        assertThat(store.list("acme", null)).hasSize(2);
        assertThat(store.list("other", null)).isEmpty();
        store.delete(b);
        assertThat(store.load(b)).isEmpty();

        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE t1_state SET state_values = '{broken' WHERE object = 'orders'");
        }
        assertThatThrownBy(() -> store.load(a)).isInstanceOf(DativoException.class)
                .hasMessageContaining("t1_state row (acme, job, orders) is not valid");
    }

    @Test
    void twoConcurrentRunsOfOneJobDoNotInterleaveAndStateLandsInPostgres() throws Exception {
        HeldJob job = new HeldJob(dir);
        JdbcStateStore store = store("t3_");
        CompletableFuture<RunResult> first = CompletableFuture.supplyAsync(() -> job.heldRun().stateStore(store)
                .build().run());
        assertThat(job.reading.await(30, TimeUnit.SECONDS)).isTrue();
        RunResult second = job.run().stateStore(store).build().run();
        assertThat(second.status()).isEqualTo(RunStatus.FAILED);
        job.release.countDown();
        RunResult done = first.get(60, TimeUnit.SECONDS);
        assertThat(second.error()).contains("is being run by run " + done.runId());
        assertThat(second.stateAfter()).isEqualTo(second.stateBefore());
        assertThat(done.status()).as(done.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.recordsWritten()).isEqualTo(3);

        RunResult again = job.run().stateStore(store).build().run();
        assertThat(again.status()).as(again.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.recordsRead()).isZero();
        assertThat(store.load(new StateKey("acme", "nums_job", "nums")).orElseThrow().runId()).isEqualTo(done.runId());
    }

    @Test
    void aYamlJobNamesTheStoreByJdbcUrl() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/a.csv"), "id\n1\n");
        Files.writeString(dir.resolve("asset.yaml"), "name: nums\nschema:\n  - {name: id, type: integer}\n");
        Path job = dir.resolve("nums.yaml");
        Files.writeString(job, """
                tenant_id: acme
                source_connector: csv
                target_connector: local
                asset_path: asset.yaml
                source:
                  files: [{path: "in/*.csv"}]
                  incremental: {strategy: file_modified_time, state_path: "${STATE_URL}"}
                target:
                  connection: {path: out}
                """);
        Pipeline p = Pipeline.fromYaml(job, new JobLoader().withBaseDir(dir).withVariables(Map.of("STATE_URL",
                pg.url())));
        assertThat(p.stateStore()).isInstanceOf(JdbcStateStore.class);
        assertThat(p.run().recordsRead()).isEqualTo(1);
        assertThat(p.run().recordsRead()).isZero();
        assertThat(p.state()).singleElement().satisfies(r -> assertThat(r.key().job()).isEqualTo("nums"));
    }
}
