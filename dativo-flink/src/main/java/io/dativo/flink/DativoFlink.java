package io.dativo.flink;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.core.DistributedRun;
import io.dativo.core.RunResult;
import io.dativo.core.RunHandle;
import io.dativo.core.run.Cancellation;
import io.dativo.core.run.EngineCommit;
import io.dativo.core.run.RunPlan;
import io.dativo.core.run.SplitWorker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Dativo job on Apache Flink as a bounded job in {@code BATCH} mode. The client plans the run as a local run
 * does ({@link DistributedRun}) and keeps the job's claim while Flink runs it; a bounded source hands the splits out,
 * one record each, rebalanced over the environment's parallelism, to the writers of a Sink2 sink
 * ({@link StagingSink}), which read, validate and stage them ({@link SplitWorker}) and emit the outcomes as
 * committables; a global committer at parallelism 1 ({@link RunCommitOperator}) commits the run once through the
 * job's committer and saves the state, and its report comes back to the client as an accumulator.
 *
 * <p>Flink restarts a failed subtask under the environment's restart strategy; the restart is a new attempt of its
 * splits, staged under other names, and only the outcomes of the attempt that finished reach the committer. A job
 * that fails or is cancelled never reaches the commit. The job's time limit and {@code RunHandle.cancel()} cancel the
 * Flink job ({@link JobClient#cancel()}). The job's files must be readable at the same paths on the client and the
 * task managers.
 */
public final class DativoFlink {

    private static final Logger LOG = LoggerFactory.getLogger(DativoFlink.class);

    private DativoFlink() {
    }

    /**
     * Runs the job in {@code job} once on {@code env}, its relative paths resolved against the working directory,
     * planned for the environment's parallelism unless the job sets {@code parallelism}.
     *
     * @return what the run did; a failed run committed nothing
     */
    public static RunResult run(StreamExecutionEnvironment env, Path job) {
        return run(env, DistributedRun.fromYaml(job));
    }

    /** Runs {@code run} once on {@code env}; see {@link #run(StreamExecutionEnvironment, Path)}. */
    public static RunResult run(StreamExecutionEnvironment env, DistributedRun run) {
        return start(env, run).resultCancellingOnInterrupt();
    }

    /**
     * Starts {@code run} on {@code env} and returns the handle to it; {@link RunHandle#cancel()} cancels the Flink
     * job.
     */
    public static RunHandle start(StreamExecutionEnvironment env, DistributedRun run) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        return run.withParallelism(env.getParallelism()).startCommitting((plan, stop) -> runJob(env, plan, stop));
    }

    /** Runs the tasks of {@code plan} as one bounded Flink job that commits them, and returns the commit's report. */
    static EngineCommit.Report runJob(StreamExecutionEnvironment env, RunPlan plan, Cancellation stop)
            throws Exception {
        List<byte[]> tasks = plan.tasks().stream().map(JavaBytes::write).toList();
        int parallelism = Math.min(env.getParallelism(), tasks.size());
        LOG.info("run {}: {} split{} on {} Flink subtask{}", plan.runId(), tasks.size(), tasks.size() == 1 ? "" : "s",
                parallelism, parallelism == 1 ? "" : "s");
        env.fromData(tasks, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO).name("Dativo splits")
                .rebalance()
                .sinkTo(new StagingSink(JavaBytes.write(plan))).name("read, validate, stage")
                .setParallelism(parallelism);
        JobClient client = env.executeAsync("Dativo run " + plan.runId());
        JobExecutionResult result;
        try (AutoCloseable ignored = stop.onCancel(() -> cancel(client, plan))) {
            result = client.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            throw failure(plan, e);
        }
        List<byte[]> report = result.getAccumulatorResult(RunCommitOperator.REPORT);
        if (report == null || report.size() != 1) {
            throw new DativoException(ErrorKind.INTERNAL, "the Flink job of run " + plan.runId()
                    + " ended without the report of its commit", null);
        }
        return JavaBytes.read(report.get(0), EngineCommit.Report.class);
    }

    private static void cancel(JobClient client, RunPlan plan) {
        LOG.info("run {}: cancelling Flink job {}", plan.runId(), client.getJobID());
        client.cancel().whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("run {}: cancelling Flink job {} failed: {}", plan.runId(), client.getJobID(), e.toString());
            }
        });
    }

    /**
     * The failure of a Flink job as the run reports it: Flink wraps a task's failure in its own (executing the job,
     * suppressing recovery), so the message and kind are taken from the innermost cause.
     */
    private static DativoException failure(RunPlan plan, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        ErrorKind kind = root instanceof DativoException d ? d.kind() : ErrorKind.INTERNAL;
        return new DativoException(kind, "the Flink job of run " + plan.runId() + " failed: " + root, e);
    }
}
