package io.dativo.core;

import io.dativo.api.ConfigException;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.RetryableException;
import io.dativo.api.SourceDataException;
import io.dativo.core.config.Masker;
import io.dativo.core.validate.ValidationFailedException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Failures with secrets masked in their messages, for results and logs. A failure none of whose messages holds a
 * secret is kept as it is; otherwise each exception of the chain is copied with its message masked, keeping its
 * class where Dativo knows it and its {@link ErrorKind} always, and its stack trace.
 */
final class FailureMasking {

    private final Masker masker;

    FailureMasking(Masker masker) {
        this.masker = masker;
    }

    /** The masker of messages. */
    Masker masker() {
        return masker;
    }

    /** The message a result reports for {@code t}: its own for Dativo's exceptions, else with its class name. */
    String message(Throwable t) {
        String text = t instanceof DativoException || t.getMessage() == null ? t.getMessage()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
        return text == null ? t.getClass().getName() : masker.mask(text);
    }

    /** {@code t}, or a copy of it and its causes with secrets masked. */
    Throwable mask(Throwable t) {
        if (t == null || clean(t)) {
            return t;
        }
        Throwable cause = t.getCause() == null || t.getCause() == t ? null : mask(t.getCause());
        String message = masker.mask(t.getMessage());
        DativoException copy;
        if (t instanceof SourceDataException s) {
            String location = s.location();
            String problem = t.getMessage().startsWith(location + ": ")
                    ? t.getMessage().substring(location.length() + 2) : t.getMessage();
            copy = new SourceDataException(masker.mask(location), masker.mask(problem));
        } else if (t instanceof ValidationFailedException) {
            copy = new ValidationFailedException(message);
        } else if (t instanceof RetryableException) {
            copy = new RetryableException(message, cause);
        } else if (t instanceof ConfigException) {
            copy = new DativoException(ErrorKind.CONFIG, message, cause);
        } else if (t instanceof DativoException d) {
            copy = new DativoException(d.kind(), message, cause);
        } else {
            copy = new DativoException(ErrorKind.INTERNAL, message(t), cause);
        }
        if (copy.getCause() == null && cause != null) {
            // these exceptions take no cause; keep it visible in the stack trace
            copy.addSuppressed(cause);
        }
        for (Throwable s : t.getSuppressed()) {
            copy.addSuppressed(mask(s));
        }
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** True if no message of {@code t}, its causes and what they suppressed holds a secret. */
    private boolean clean(Throwable t) {
        return clean(t, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private boolean clean(Throwable t, Set<Throwable> seen) {
        for (Throwable x = t; x != null && seen.add(x); x = x.getCause()) {
            String m = x.getMessage();
            if (m != null && !m.equals(masker.mask(m))) {
                return false;
            }
            for (Throwable s : x.getSuppressed()) {
                if (!clean(s, seen)) {
                    return false;
                }
            }
        }
        return true;
    }
}
