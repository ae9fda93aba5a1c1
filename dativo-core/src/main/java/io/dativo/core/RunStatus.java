package io.dativo.core;

/** How a run ended. Only the two {@code SUCCEEDED} statuses committed anything. */
public enum RunStatus {
    /** Everything read was valid and committed (also when there was nothing to read). */
    SUCCEEDED,
    /** Committed, with invalid records reported ({@code warn}) or quarantined ({@code quarantine}). */
    SUCCEEDED_WITH_WARNINGS,
    /** Nothing of the run was committed. */
    FAILED,
    /** Stopped by {@link RunHandle#cancel()}, an interrupt of the thread in {@link Pipeline#run()} or a signal; nothing was committed. */
    CANCELLED,
    /** Stopped when its time limit ({@code timeout_seconds}) ran out; nothing was committed. */
    TIMED_OUT;

    /** True for the statuses of a run that committed. */
    public boolean committed() {
        return this == SUCCEEDED || this == SUCCEEDED_WITH_WARNINGS;
    }
}
