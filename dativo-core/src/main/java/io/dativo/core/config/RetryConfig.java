package io.dativo.core.config;

import java.util.List;

/**
 * How retryable failures are retried.
 *
 * @param maxRetries             attempts after the first
 * @param initialDelaySeconds    the first wait
 * @param maxDelaySeconds        the longest wait
 * @param backoffMultiplier      each wait is the previous times this
 * @param retryableErrorPatterns regular expressions; an error whose message matches one is retryable too
 */
public record RetryConfig(int maxRetries, double initialDelaySeconds, double maxDelaySeconds,
                          double backoffMultiplier, List<String> retryableErrorPatterns) {

    /** Copies the list so the value cannot change. */
    public RetryConfig {
        retryableErrorPatterns = List.copyOf(retryableErrorPatterns);
    }

    /** No retries. */
    public static RetryConfig none() {
        return new RetryConfig(0, 1, 60, 2, List.of());
    }
}
