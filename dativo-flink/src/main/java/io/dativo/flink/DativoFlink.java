package io.dativo.flink;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.core.DistributedRun;
import io.dativo.core.RunResult;
import io.dativo.core.run.RunPlan;
import io.dativo.core.run.SplitOutcome;
import io.dativo.core.run.SplitTask;
import io.dativo.core.run.SplitWorker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Dativo job on Apache Flink as a bounded job in {@code BATCH} mode. The client plans the run as a local run
 * does ({@link DistributedRun}); a bounded source hands the splits out, one record each, rebalanced over the
 * environment's parallelism; each subtask reads, validates and stages its splits ({@link SplitWorker}); the
 * outcomes are gathered to the client, which commits them once through the job's committer and saves the state.
 *
 * <p>Flink restarts a failed subtask under the environment's restart strategy; the restart is a new attempt of its
 * splits, staged under other names, and only one attempt of each split is ever committed. The job's files must be
 * readable at the same paths on the client and the task managers.
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
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        return run.withParallelism(env.getParallelism()).run(plan -> runTasks(env, plan));
    }

    /** Runs the tasks of {@code plan} as one bounded Flink job and gathers the outcomes of the attempts that won. */
    static List<SplitOutcome> runTasks(StreamExecutionEnvironment env, RunPlan plan) throws Exception {
        if (plan.tasks().isEmpty()) {
            return List.of();
        }
        List<byte[]> tasks = plan.tasks().stream().map(JavaBytes::write).toList();
        int parallelism = Math.min(env.getParallelism(), tasks.size());
        LOG.info("run {}: {} split{} on {} Flink subtask{}", plan.runId(), tasks.size(), tasks.size() == 1 ? "" : "s",
                parallelism, parallelism == 1 ? "" : "s");
        List<SplitOutcome> outcomes = new ArrayList<>();
        try (CloseableIterator<byte[]> gathered = env
                .fromData(tasks, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO).name("Dativo splits")
                .rebalance()
                .flatMap(new StageSplits(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .name("read, validate, stage").setParallelism(parallelism)
                .executeAndCollect("Dativo run " + plan.runId())) {
            gathered.forEachRemaining(b -> outcomes.add(JavaBytes.read(b, SplitOutcome.class)));
        } catch (RuntimeException e) {
            throw failure(plan, e);
        }
        return outcomes;
    }

    /**
     * The failure of a Flink job as the run reports it: Flink wraps a task's failure in its own (fetching results,
     * executing the job, suppressing recovery), so the message and kind are taken from the innermost cause.
     */
    private static DativoException failure(RunPlan plan, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        ErrorKind kind = root instanceof DativoException d ? d.kind() : ErrorKind.INTERNAL;
        return new DativoException(kind, "the Flink job of run " + plan.runId() + " failed: " + root, e);
    }

    /** Reads, validates and stages each split it is given, as the subtask's current attempt. */
    private static final class StageSplits extends RichFlatMapFunction<byte[], byte[]> {

        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(byte[] task, Collector<byte[]> out) throws Exception {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber() + 1;
            out.collect(JavaBytes.write(SplitWorker.run(JavaBytes.read(task, SplitTask.class), attempt)));
        }
    }
}
