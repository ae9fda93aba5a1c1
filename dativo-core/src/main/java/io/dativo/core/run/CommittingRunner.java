package io.dativo.core.run;

/**
 * Runs the tasks of a planned run on an engine and commits them there, once, in one operator of the engine's job
 * with {@link EngineCommit#commit}; the driver takes the run's result from the returned report and commits nothing
 * itself. A runner whose engine has no such operator is a {@link SplitRunner}.
 */
@FunctionalInterface
public interface CommittingRunner {

    /**
     * Runs every task of {@code plan}, commits the outcomes once inside the engine's job and returns what the commit
     * did. Throws when the job failed: nothing of the run was committed then. When {@code stop} is cancelled, the
     * runner cancels the engine's job and throws.
     */
    EngineCommit.Report run(RunPlan plan, Cancellation stop) throws Exception;
}
