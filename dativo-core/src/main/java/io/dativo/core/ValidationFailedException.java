package io.dativo.core;

import io.dativo.api.DativoException;

/** A {@code strict} run stopped at an invalid record. */
public class ValidationFailedException extends DativoException {

    ValidationFailedException(long errors, ValidationError first) {
        this("strict validation failed: " + first.position() + ": " + first.field() + ": " + first.message()
                + (errors > 1 ? " (" + errors + " errors in the batch; see the validation summary)" : ""));
    }

    ValidationFailedException(String message) {
        super(message);
    }
}
