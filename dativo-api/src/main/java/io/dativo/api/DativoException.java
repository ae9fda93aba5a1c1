package io.dativo.api;

import java.util.Objects;

/**
 * The base of the exceptions Dativo and its plugins throw. Each has an {@link ErrorKind} a host can branch on.
 *
 * @since 0.1
 */
public class DativoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    /** An internal failure with a message. */
    public DativoException(String message) {
        this(ErrorKind.INTERNAL, message, null);
    }

    /** An internal failure with a message and a cause. */
    public DativoException(String message, Throwable cause) {
        this(ErrorKind.INTERNAL, message, cause);
    }

    /**
     * A failure of {@code kind}.
     *
     * @since 0.2
     */
    public DativoException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * What kind of failure this is.
     *
     * @since 0.2
     */
    public ErrorKind kind() {
        return kind;
    }
}
