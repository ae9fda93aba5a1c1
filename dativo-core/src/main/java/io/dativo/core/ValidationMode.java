package io.dativo.core;

/** What a run does with records that break the contract. */
public enum ValidationMode {
    /** Any invalid record fails the run; nothing is committed. */
    STRICT,
    /** Every record is committed; invalid values become null and are reported. */
    WARN,
    /** Valid records are committed; invalid ones go to a rejects output beside the target. */
    QUARANTINE
}
