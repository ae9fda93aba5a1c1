package io.dativo.core.state;

import static io.dativo.core.testing.TestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.Lease;
import io.dativo.core.Pipeline;
import io.dativo.core.RunListener;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.core.internal.ArrowSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same incremental job started twice at once, on the default file state store: every row lands once. */
class TwoRunsOfOneJobTest {

    static final int FILES = 3;
    static final int ROWS = 100;

    @TempDir
    Path dir;

    /**
     * Runs the job in {@code args[0]} (base directory {@code args[1]}) once {@code args[3]} exists, after creating
     * {@code args[2]} to say it is ready, and prints the result. The run holds its lease a while after it starts, so
     * that two such processes overlap however their start-up times differ.
     */
    public static void main(String[] args) throws Exception {
        Pipeline pipeline = Pipeline.fromYaml(Path.of(args[0]), new JobLoader().withBaseDir(Path.of(args[1])))
                .withListener(new RunListener() {
                    @Override
                    public void runStarted(RunInfo run, OptionalLong recordsEstimate) {
                        try {
                            Thread.sleep(1_500);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        Files.createFile(Path.of(args[2]));
        Path go = Path.of(args[3]);
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        RunResult r = pipeline.run();
        System.out.println("RESULT " + r.status() + " " + r.runId() + " " + r.recordsWritten() + " "
                + ProcessHandle.current().pid());
        System.out.println("ERROR " + r.error());
        System.exit(0);
    }

    @Test
    void twoProcessesRunningOneIncrementalJobAtOnceWriteEveryRowOnce() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < FILES; f++) {
            StringBuilder csv = new StringBuilder("id\n");
            for (int i = 0; i < ROWS; i++) {
                csv.append(f * ROWS + i).append('\n');
            }
            Files.writeString(dir.resolve("in/part-" + f + ".csv"), csv);
        }
        Files.writeString(dir.resolve("asset.yaml"), "name: ids\nschema:\n  - {name: id, type: integer, "
                + "required: true}\n");
        // The default state store: a file store under .dativo/state of the base directory, shared by both.
        Path job = dir.resolve("ids_job.yaml");
        Files.writeString(job, String.join("\n", "tenant_id: acme", "source_connector: csv", "target_connector: local", "asset_path: asset.yaml",
                "source: {files: [{path: 'in/*.csv', object: ids}], incremental: {strategy: file_modified_time}}",
                "target: {connection: {path: out}}", ""));

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path go = dir.resolve("go");
        List<Process> children = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            children.add(new ProcessBuilder(java.toString(), ArrowSupport.FLAG, "-cp",
                    System.getProperty("java.class.path"), TwoRunsOfOneJobTest.class.getName(), job.toString(),
                    dir.toString(), dir.resolve("ready-" + c).toString(), go.toString())
                    .redirectError(dir.resolve("child-" + c + ".log").toFile())
                    .redirectOutput(dir.resolve("child-" + c + ".out").toFile()).start());
        }
        List<String[]> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(dir.resolve("ready-0")) && Files.exists(dir.resolve("ready-1")))
                    && children.stream().allMatch(Process::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Files.createFile(go);
            for (int c = 0; c < 2; c++) {
                assertThat(children.get(c).waitFor(120, TimeUnit.SECONDS)).as("child %d ends", c).isTrue();
                List<String> out = Files.readAllLines(dir.resolve("child-" + c + ".out"));
                assertThat(out).as(Files.readString(dir.resolve("child-" + c + ".log"))).hasSize(2);
                results.add(out.get(0).split(" "));
                errors.add(out.get(1));
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }

        int winner = "SUCCEEDED".equals(results.get(0)[1]) ? 0 : 1;
        int loser = 1 - winner;
        String[] won = results.get(winner);
        assertThat(won[1]).as(errors.get(winner)).isEqualTo("SUCCEEDED");
        assertThat(won[3]).isEqualTo(String.valueOf(FILES * ROWS));
        assertThat(results.get(loser)[1]).isEqualTo("FAILED");
        assertThat(errors.get(loser)).contains("is being run by run " + won[2] + " (host " + Lease.thisHost()
                + ", pid " + won[4] + ")");

        long total = (long) FILES * ROWS;
        assertThat(duckdb("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM read_parquet('"
                + dir.resolve("out") + "/**/*.parquet')")).containsExactly(List.of(total, total, 0L, total - 1));
        RunResult again = Pipeline.fromYaml(job, new JobLoader().withBaseDir(dir)).run();
        assertThat(again.status()).as(again.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.recordsRead()).as("the state covers every file").isZero();
    }

    @Test
    void aRunAskedToWaitRunsAfterTheHolderAndFindsNothingNew() throws Exception {
        HeldJob job = new HeldJob(dir);
        CompletableFuture<RunResult> first = CompletableFuture.supplyAsync(() -> job.heldRun().build().run());
        assertThat(job.reading.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<RunResult> second = CompletableFuture.supplyAsync(() -> job.run()
                .waitForClaim(Duration.ofSeconds(60)).build().run());
        Thread.sleep(500);
        assertThat(second).as("the second run waits for the first").isNotDone();
        job.release.countDown();
        RunResult done = first.get(60, TimeUnit.SECONDS);
        assertThat(done.status()).as(done.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.recordsWritten()).isEqualTo(3);
        RunResult waited = second.get(60, TimeUnit.SECONDS);
        assertThat(waited.status()).as(waited.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(waited.recordsRead()).isZero();
        assertThat(duckdb("SELECT count(*) FROM read_parquet('" + dir.resolve("out") + "/**/*.parquet')"))
                .containsExactly(List.of(3L));
    }
}
