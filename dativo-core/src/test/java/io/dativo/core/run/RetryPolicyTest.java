package io.dativo.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.ConfigException;
import io.dativo.api.ConfigProblem;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.RetryableException;
import io.dativo.api.SourceDataException;
import io.dativo.core.config.RetryConfig;
import io.dativo.core.validate.ValidationFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final RetryPolicy PATTERNS = new RetryPolicy(new RetryConfig(2, 1, 60, 2, List.of("timeout",
            "HTTP 5\\d\\d")));
    private static final RetryPolicy PLAIN = new RetryPolicy(new RetryConfig(2, 1, 60, 2, List.of()));

    @Test
    void transientFailuresAnywhereInTheChainAreRetried() {
        assertThat(PLAIN.retryable(new RetryableException("throttled", new IOException("HTTP 429")))).isTrue();
        assertThat(PLAIN.retryable(new IllegalStateException("wrapped",
                new DativoException(ErrorKind.TRANSIENT, "connection reset", null)))).isTrue();
        assertThat(PLAIN.retryable(new IllegalStateException("socket timeout"))).isFalse();
        assertThat(PLAIN.retryable(new DativoException(ErrorKind.TARGET, "bucket gone", null))).isFalse();
    }

    @Test
    void messagesMatchingAPatternAreRetried() {
        assertThat(PATTERNS.retryable(new IllegalStateException("socket timeout"))).isTrue();
        assertThat(PATTERNS.retryable(new IOException("outer", new IOException("HTTP 503 from server")))).isTrue();
        assertThat(PATTERNS.retryable(new IOException("HTTP 404"))).isFalse();
    }

    @Test
    void configurationSourceDataValidationAndCancellationAreNeverRetriedWhateverTheMessage() {
        assertThat(PATTERNS.retryable(new ValidationFailedException("timeout"))).isFalse();
        assertThat(PATTERNS.retryable(new SourceDataException("a.csv:3", "timeout"))).isFalse();
        assertThat(PATTERNS.retryable(new ConfigException(List.of(new ConfigProblem("job.yaml", 1, 1, "x",
                "timeout"))))).isFalse();
        assertThat(PATTERNS.retryable(new DativoException(ErrorKind.CONFIG, "timeout", null))).isFalse();
        assertThat(PATTERNS.retryable(new RetryableException("timeout",
                new DativoException(ErrorKind.CANCELLED, "run was cancelled", null)))).isFalse();
    }

    @Test
    void attemptsStopAtTheMaximum() {
        RetryableException e = new RetryableException("throttled", null);
        assertThat(PLAIN.shouldRetry(1, e)).isTrue();
        assertThat(PLAIN.shouldRetry(2, e)).isTrue();
        assertThat(PLAIN.shouldRetry(3, e)).isFalse();
    }

    @Test
    void delaysGrowByTheMultiplierUpToTheMaximum() {
        RetryPolicy p = new RetryPolicy(new RetryConfig(10, 0.5, 3, 2, List.of()));
        assertThat(p.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delay(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delay(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.delay(9)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aBadPatternIsAnErrorWhenThePolicyIsMade() {
        assertThatThrownBy(() -> new RetryPolicy(new RetryConfig(1, 1, 1, 1, List.of("(unclosed"))))
                .isInstanceOf(PatternSyntaxException.class);
    }
}
