package io.dativo.core.run;

import io.dativo.api.ConfigException;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.RetryableException;
import io.dativo.api.SourceDataException;
import io.dativo.core.config.RetryConfig;
import io.dativo.core.validate.ValidationFailedException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a failed attempt is tried again, and after how long. A failure is retryable when it, or any of its causes,
 * is {@link ErrorKind#TRANSIENT} (such as a {@link RetryableException}) or has a message matching one of the
 * {@code retryable_error_patterns}. Configuration, source data, validation and cancellation failures never are,
 * whatever their message says. The patterns are compiled once.
 */
public final class RetryPolicy {

    private final RetryConfig config;
    private final List<Pattern> patterns;

    /** The policy of {@code config}; a pattern that is not a valid regular expression is an error here. */
    public RetryPolicy(RetryConfig config) {
        this.config = config;
        this.patterns = config.retryableErrorPatterns().stream().map(Pattern::compile).toList();
    }

    /** Attempts after the first. */
    public int maxRetries() {
        return config.maxRetries();
    }

    /** True if the attempt numbered {@code attempt} (from 1) failed with {@code failure} and may be tried again. */
    public boolean shouldRetry(int attempt, Throwable failure) {
        return attempt <= config.maxRetries() && retryable(failure);
    }

    /** True if {@code failure} is worth another attempt. */
    public boolean retryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (never(t)) {
                return false;
            }
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof RetryableException
                    || t instanceof DativoException d && d.kind() == ErrorKind.TRANSIENT) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            for (Pattern p : patterns) {
                if (p.matcher(message).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean never(Throwable t) {
        if (t instanceof ConfigException || t instanceof ValidationFailedException || t instanceof SourceDataException) {
            return true;
        }
        return t instanceof DativoException d && (d.kind() == ErrorKind.CONFIG || d.kind() == ErrorKind.SOURCE_DATA
                || d.kind() == ErrorKind.CANCELLED);
    }

    /** The wait before the attempt after {@code attempt}: the initial delay, multiplied each time, up to the most. */
    public Duration delay(int attempt) {
        double seconds = Math.min(config.initialDelaySeconds() * Math.pow(config.backoffMultiplier(), attempt - 1),
                config.maxDelaySeconds());
        return Duration.ofNanos((long) (Math.max(0, seconds) * 1e9));
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }
}
