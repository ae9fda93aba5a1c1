package io.dativo.api;

/**
 * What kind of failure a {@link DativoException} is, for hosts that branch on it (retry, page someone, fix input).
 *
 * @since 0.2
 */
public enum ErrorKind {
    /** The job, a recipe, a contract or a plugin option is wrong; fix the configuration. */
    CONFIG,
    /** The input cannot be read as valid records; fix or quarantine the data. */
    SOURCE_DATA,
    /** A failure worth another attempt: a lost connection, throttling, a timeout of a remote call. */
    TRANSIENT,
    /** The target refused or failed the write or the commit. */
    TARGET,
    /** The run was cancelled or ran out of time. */
    CANCELLED,
    /** A bug or an unexpected condition. */
    INTERNAL
}
