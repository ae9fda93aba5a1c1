package io.dativo.api;

/**
 * A failure worth another attempt, such as a lost connection or throttling. Plugins throw it; the pipeline retries
 * according to the job's {@code retry_config}.
 *
 * @since 0.1
 */
public class RetryableException extends DativoException {

    /** A retryable failure with a message and a cause. */
    public RetryableException(String message, Throwable cause) {
        super(ErrorKind.TRANSIENT, message, cause);
    }
}
