package io.dativo.api;

/**
 * The outcome of {@link BaseReader#checkConnection()}.
 *
 * @param success   whether the source answered
 * @param message   what was checked, or why it failed
 * @param errorCode a short machine-readable code on failure, such as {@code AUTH_FAILED}, else {@code null}
 * @since 0.1
 */
public record ConnectionCheck(boolean success, String message, String errorCode) {

    /** A successful check. */
    public static ConnectionCheck ok(String message) {
        return new ConnectionCheck(true, message, null);
    }

    /** A failed check. */
    public static ConnectionCheck failed(String errorCode, String message) {
        return new ConnectionCheck(false, message, errorCode);
    }
}
