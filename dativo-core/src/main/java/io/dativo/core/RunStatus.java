package io.dativo.core;

/** How a run ended. */
public enum RunStatus {
    /** Everything read was valid and committed (also when there was nothing to read). */
    SUCCEEDED,
    /** Committed, with invalid records reported ({@code warn}) or quarantined ({@code quarantine}). */
    SUCCEEDED_WITH_WARNINGS,
    /** Nothing of the run was committed. */
    FAILED
}
