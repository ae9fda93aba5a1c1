package io.dativo.spark;

import io.dativo.core.DistributedRun;
import io.dativo.core.RunHandle;
import io.dativo.core.RunResult;
import io.dativo.core.run.Cancellation;
import io.dativo.core.run.RunPlan;
import io.dativo.core.run.SplitOutcome;
import io.dativo.core.run.SplitTask;
import io.dativo.core.run.SplitWorker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Dativo job on Apache Spark. The driver loads the job, claims and plans it as a local run does
 * ({@link DistributedRun}); the splits become the partitions of an RDD, one split each, and {@code mapPartitions}
 * reads, validates and stages each on an executor ({@link SplitWorker}); the staged fragments come back to the driver
 * with {@code collect}, which commits them once through the job's committer and saves the state.
 *
 * <p>Spark retries a failed task; the retry is a new attempt of the split, staged under other names, and what the
 * failed attempt staged is discarded by it or, if it died, after the commit. Only one attempt of each split is ever
 * committed. The job's files must be readable at the same paths on the driver and the executors.
 *
 * <p>The tasks run in a job group of their own. The job's time limit and {@code RunHandle.cancel()} cancel the
 * group, interrupting the running tasks, and the run ends with nothing committed.
 */
public final class DativoSpark {

    private static final Logger LOG = LoggerFactory.getLogger(DativoSpark.class);

    private DativoSpark() {
    }

    /**
     * Runs the job in {@code job} once on {@code spark}, its relative paths resolved against the working directory,
     * planned for the context's default parallelism unless the job sets {@code parallelism}.
     *
     * @return what the run did; a failed run committed nothing
     */
    public static RunResult run(SparkSession spark, Path job) {
        return run(spark, DistributedRun.fromYaml(job));
    }

    /** Runs {@code run} once on {@code spark}; see {@link #run(SparkSession, Path)}. */
    public static RunResult run(SparkSession spark, DistributedRun run) {
        return start(spark, run).resultCancellingOnInterrupt();
    }

    /**
     * Starts {@code run} on {@code spark} and returns the handle to it; {@link RunHandle#cancel()} cancels the run's
     * Spark job group.
     */
    public static RunHandle start(SparkSession spark, DistributedRun run) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return run.withParallelism(context.defaultParallelism()).start((plan, stop) -> runTasks(context, plan, stop));
    }

    /**
     * Runs each task of {@code plan} as a partition of its own, in a job group that {@code stop} cancels, and
     * collects the outcomes of the attempts that won.
     */
    static List<SplitOutcome> runTasks(JavaSparkContext context, RunPlan plan, Cancellation stop) throws Exception {
        if (plan.tasks().isEmpty()) {
            return List.of();
        }
        LOG.info("run {}: {} Spark task{}, one split each", plan.runId(), plan.tasks().size(),
                plan.tasks().size() == 1 ? "" : "s");
        String group = "dativo-" + plan.runId();
        context.setJobGroup(group, "Dativo run " + plan.runId(), true);
        try (AutoCloseable ignored = stop.onCancel(() -> {
            LOG.info("run {}: cancelling Spark job group {}", plan.runId(), group);
            context.cancelJobGroup(group);
        })) {
            return context.parallelize(plan.tasks(), plan.tasks().size()).mapPartitions(DativoSpark::runPartition)
                    .collect();
        } finally {
            context.clearJobGroup();
        }
    }

    /** Runs the splits of one partition on an executor, as the task's current attempt. */
    private static Iterator<SplitOutcome> runPartition(Iterator<SplitTask> tasks) throws Exception {
        int attempt = TaskContext.get().attemptNumber() + 1;
        List<SplitOutcome> outcomes = new ArrayList<>();
        while (tasks.hasNext()) {
            outcomes.add(SplitWorker.run(tasks.next(), attempt));
        }
        return outcomes.iterator();
    }
}
