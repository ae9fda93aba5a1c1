package io.dativo.api;

/**
 * The base of the exceptions Dativo and its plugins throw.
 *
 * @since 0.1
 */
public class DativoException extends RuntimeException {

    /** An exception with a message. */
    public DativoException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public DativoException(String message, Throwable cause) {
        super(message, cause);
    }
}
