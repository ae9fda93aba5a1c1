/**
 * The engine that runs a job: one attempt ({@link io.dativo.core.run.RunExecution}) plans splits, runs each split's
 * read, validate and write stages on a bounded pool, and commits every split's fragments once
 * ({@code CommitStep}); {@link io.dativo.core.run.RetryPolicy} decides whether a failed attempt is tried again and
 * {@link io.dativo.core.run.Cancellation} stops a run. For other engines, the same attempt hands its splits out as a
 * {@link io.dativo.core.run.RunPlan} of {@link io.dativo.core.run.SplitTask}s to a
 * {@link io.dativo.core.run.SplitRunner}, each run by {@link io.dativo.core.run.SplitWorker} into a
 * {@link io.dativo.core.run.SplitOutcome}; a {@link io.dativo.core.run.CommittingRunner} commits them inside the
 * engine's job instead, with {@link io.dativo.core.run.EngineCommit}. Public only where {@code io.dativo.core} and the engine modules need it.
 */
package io.dativo.core.run;
