package io.dativo.core.run;

import java.util.List;

/**
 * Runs the tasks of a planned run somewhere else: on the tasks of an engine such as Spark or Flink. Each task is
 * given to {@link SplitWorker#run} with the engine's attempt number, and the engine retries a failed task as it
 * does any other. What the driver commits is decided from the returned outcomes alone: one attempt per split; the
 * staged output of every other attempt is discarded.
 */
@FunctionalInterface
public interface SplitRunner {

    /**
     * Runs every task of {@code plan} and returns the outcome of each task's successful attempt (more than one per
     * split is allowed; one is taken). Throws when a task cannot succeed; the driver then commits nothing and
     * discards what the run staged. When {@code stop} is cancelled (the host cancelled the run or its time ran
     * out), the runner cancels the engine's tasks and throws.
     */
    List<SplitOutcome> run(RunPlan plan, Cancellation stop) throws Exception;
}
