package io.dativo.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.ErrorKind;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobLocation;
import io.dativo.core.run.Cancellation;
import io.dativo.core.run.EngineCommit;
import io.dativo.core.run.RunPlan;
import io.dativo.core.run.SplitOutcome;
import io.dativo.core.run.SplitTask;
import io.dativo.core.run.SplitWorker;
import io.dativo.core.testing.TestSupport;
import io.dativo.testkit.DuckDb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam for other engines, with tasks run in this JVM but every plan, task and outcome passed through Java
 * serialization as an engine would: a distributed run commits what a local run commits, takes one attempt of a
 * split given twice, commits nothing when a task fails, and a worker refuses a job that is not the one planned.
 */
class DistributedRunTest {

    private static final int FILES = 4;
    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    private Path job(String name, String out) throws IOException {
        if (Files.isDirectory(dir.resolve("data"))) {
            return writeJob(name, out);
        }
        Files.createDirectories(dir.resolve("data"));
        for (int f = 0; f < FILES; f++) {
            StringBuilder csv = new StringBuilder("id,name,amount\n");
            for (int i = 0; i < ROWS; i++) {
                long id = (long) f * ROWS + i;
                csv.append(id).append(",name-").append(id).append("-padding-to-make-lines-longer,")
                        .append(id % 1000).append('.').append(id % 100).append('\n');
            }
            Files.writeString(dir.resolve("data/part-" + f + ".csv"), csv);
        }
        Files.writeString(dir.resolve("asset.yaml"), """
                apiVersion: v3.0.2
                kind: DataContract
                name: rows
                version: "1.0"
                domain: test
                dataProduct: engines
                schema:
                  - {name: id, type: integer, required: true}
                  - {name: name, type: string}
                  - {name: amount, type: decimal, precision: 10, scale: 2}
                """);
        return writeJob(name, out);
    }

    private Path writeJob(String name, String out) throws IOException {
        Path job = dir.resolve(name + ".yaml");
        Files.writeString(job, """
                tenant_id: acme
                source_connector: csv
                target_connector: local
                asset_path: asset.yaml
                source:
                  files:
                    - path: data/*.csv
                      object: rows
                  incremental:
                    strategy: file_modified_time
                    state_path: state-%s
                target:
                  connection:
                    path: %s
                  file_format: parquet
                  target_file_size_mb: 1
                schema_validation_mode: strict
                """.formatted(name, out));
        return job;
    }

    private JobLocation location(String name, String out) throws IOException {
        return new JobLocation(job(name, out).toString(), dir.toString(), Map.of());
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static List<SplitOutcome> runAll(RunPlan plan, int times) throws Exception {
        RunPlan received = copy(plan);
        List<SplitOutcome> outcomes = new ArrayList<>();
        for (SplitTask task : received.tasks()) {
            for (int attempt = 1; attempt <= times; attempt++) {
                outcomes.add(copy(SplitWorker.run(copy(task), attempt)));
            }
        }
        return outcomes;
    }

    private List<Map<String, Object>> rows(String out) throws Exception {
        return DuckDb.readParquet(dir.resolve(out) + "/**/*.parquet", "id");
    }

    private List<String> pending(String out) throws IOException {
        return TestSupport.filesUnder(dir.resolve(out)).stream().filter(p -> p.contains("dativo-pending")).toList();
    }

    @Test
    void commitsWhatALocalRunCommitsWithTheSameState() throws Exception {
        RunResult local = Pipeline.fromYaml(job("local", "out-local"), new JobLoader().withBaseDir(dir)).run();
        List<RunPlan> plans = new ArrayList<>();
        RunResult remote = DistributedRun.of(location("remote", "out-remote")).withParallelism(2).run((plan, stop) -> {
                    plans.add(plan);
                    return runAll(plan, 1);
                });

        assertThat(local.succeeded()).as(local.error()).isTrue();
        assertThat(remote.succeeded()).as(remote.error()).isTrue();
        assertThat(plans.get(0).tasks()).hasSizeGreaterThan(1);
        assertThat(remote.recordsRead()).isEqualTo(local.recordsRead()).isEqualTo((long) FILES * ROWS);
        assertThat(remote.recordsWritten()).isEqualTo(local.recordsWritten());
        assertThat(remote.stateAfter()).isEqualTo(local.stateAfter()).isNotEmpty();
        assertThat(rows("out-remote")).isEqualTo(rows("out-local"));
        assertThat(pending("out-remote")).isEmpty();
    }

    @Test
    void takesOneAttemptOfASplitGivenTwiceAndDiscardsTheOther() throws Exception {
        RunResult r = DistributedRun.of(location("twice", "out")).run((plan, stop) -> runAll(plan, 2));

        assertThat(r.succeeded()).as(r.error()).isTrue();
        List<Map<String, Object>> rows = rows("out");
        assertThat(rows).hasSize(FILES * ROWS);
        assertThat(rows.stream().map(m -> m.get("id")).distinct().count()).isEqualTo((long) FILES * ROWS);
        assertThat(r.files()).allSatisfy(f -> assertThat(f.path()).contains("-a1-"));
        assertThat(pending("out")).isEmpty();
    }

    @Test
    void aFailingTaskCommitsNothingAndLeavesNothingStaged() throws Exception {
        RunResult r = DistributedRun.of(location("fails", "out")).run((plan, stop) -> {
            runAll(new RunPlan(plan.runId(), plan.tasks().subList(0, 1), plan.planState()), 1);
            throw new IllegalStateException("task 2 failed 4 times");
        });

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failureKind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(r.stateAfter()).isEmpty();
        assertThat(TestSupport.filesUnder(dir.resolve("out")).stream().filter(p -> !p.startsWith(".")))
                .isEmpty();
    }

    @Test
    void aWorkerRefusesAJobWhoseTargetChangedSincePlanning() throws Exception {
        JobLocation location = location("changed", "out");
        RunResult r = DistributedRun.of(location).run((plan, stop) -> {
            writeJob("changed", "elsewhere");
            return runAll(plan, 1);
        });

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failureKind()).isEqualTo(ErrorKind.CONFIG);
        assertThat(r.error()).contains("is not the one run " + r.runId() + " was planned for");
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void anEngineCommitsOnceInItsOwnOperatorWhatADriverWouldAndARepeatedCommitChangesNothing() throws Exception {
        RunResult local = Pipeline.fromYaml(job("local", "out-local"), new JobLoader().withBaseDir(dir)).run();
        List<EngineCommit.Report> reports = new ArrayList<>();
        RunResult remote = DistributedRun.of(location("remote", "out-remote")).withParallelism(2)
                .runCommitting((plan, stop) -> {
                    List<SplitOutcome> outcomes = runAll(plan, 2);
                    reports.add(copy(DistributedRun.commitOnEngine(copy(plan), copy(outcomes))));
                    // an engine that restarts its commit operator after the commit commits the run again
                    reports.add(DistributedRun.commitOnEngine(copy(plan), copy(outcomes)));
                    return reports.get(0);
                });

        assertThat(remote.succeeded()).as(remote.error()).isTrue();
        assertThat(remote.recordsRead()).isEqualTo(local.recordsRead()).isEqualTo((long) FILES * ROWS);
        assertThat(remote.recordsWritten()).isEqualTo(local.recordsWritten());
        assertThat(remote.files()).hasSameSizeAs(local.files()).allSatisfy(f -> assertThat(f.path()).contains("-a1-"));
        assertThat(remote.stateAfter()).isEqualTo(local.stateAfter()).isNotEmpty();
        assertThat(reports.get(1).committedAt()).isEqualTo(reports.get(0).committedAt());
        assertThat(rows("out-remote")).isEqualTo(rows("out-local"));
        assertThat(pending("out-remote")).isEmpty();
    }

    @Test
    void aRunThatRunsOutOfTimeStopsTheEngineAndCommitsNothing() throws Exception {
        long t0 = System.nanoTime();
        RunResult r = DistributedRun.of(location("slow", "out")).withTimeout(Duration.ofMillis(300))
                .run((plan, stop) -> {
                    runAll(plan, 1);
                    return untilStopped(stop);
                });

        assertThat(r.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(r.failureKind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        assertThat(r.stateAfter()).isEmpty();
        assertThat(TestSupport.filesUnder(dir.resolve("out")).stream().filter(p -> !p.startsWith(".")))
                .isEmpty();
    }

    @Test
    void aCancelledRunStopsTheCommittingEngineAndCommitsNothing() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        RunHandle handle = DistributedRun.of(location("cancelled", "out")).startCommitting((plan, stop) -> {
            running.countDown();
            return untilStopped(stop);
        });
        assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
        handle.cancel();
        RunResult r = handle.await(Duration.ofSeconds(60)).orElseThrow();

        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.recordsWritten()).isZero();
        assertThat(r.stateAfter()).isEmpty();
        assertThat(TestSupport.filesUnder(dir.resolve("out")).stream().filter(p -> !p.startsWith(".")))
                .isEmpty();
    }

    /** An engine's job that runs until the run is stopped, then ends as a cancelled job does: with a failure. */
    private static <T> T untilStopped(Cancellation stop) {
        if (!stop.await(Duration.ofSeconds(120))) {
            throw new AssertionError("the run was not stopped");
        }
        throw new IllegalStateException("the engine's job was cancelled");
    }
}
