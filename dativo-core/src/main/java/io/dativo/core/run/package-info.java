/**
 * The engine that runs a job: one attempt ({@link io.dativo.core.run.RunExecution}) plans splits, runs each split's
 * read, validate and write stages on a bounded pool, and commits every split's fragments once
 * ({@code CommitStep}); {@link io.dativo.core.run.RetryPolicy} decides whether a failed attempt is tried again and
 * {@link io.dativo.core.run.Cancellation} stops a run. Public only where {@code io.dativo.core} needs it.
 */
package io.dativo.core.run;
