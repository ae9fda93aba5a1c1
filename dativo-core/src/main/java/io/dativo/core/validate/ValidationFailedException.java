package io.dativo.core.validate;

import io.dativo.api.DativoException;

/** A {@code strict} run stopped at an invalid record. */
public class ValidationFailedException extends DativoException {

    /** The exception for a batch with {@code errors} errors, naming the {@code first}. */
    public ValidationFailedException(long errors, ValidationError first) {
        this("strict validation failed: " + first.position() + ": " + first.field() + ": " + first.message()
                + (errors > 1 ? " (" + errors + " errors in the batch; see the validation summary)" : ""));
    }

    /** An exception with {@code message}. */
    public ValidationFailedException(String message) {
        super(message);
    }
}
