package io.dativo.api;

/**
 * What a run does with records that break the contract.
 *
 * @since 0.1
 */
public enum ValidationMode {
    /** Any invalid record fails the run; nothing is committed. */
    STRICT,
    /** Every record is committed; invalid values become null and are reported. */
    WARN,
    /** Valid records are committed; invalid ones go to a rejects output beside the target. */
    QUARANTINE
}
