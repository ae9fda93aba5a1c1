package io.dativo.core.config;

import io.dativo.api.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    private static final String AT = "retry_config";

    /** Copies the list so the value cannot change. */
    public RetryConfig {
        retryableErrorPatterns = List.copyOf(retryableErrorPatterns);
    }

    /** No retries. */
    public static RetryConfig none() {
        return new RetryConfig(0, 1, 60, 2, List.of());
    }

    /**
     * The job's {@code retry_config} (already of the right types), reporting a negative count or delay, a multiplier
     * below 1 and a pattern that is not a regular expression at the place in {@code job} that set it.
     */
    static RetryConfig check(Map<String, Object> retry, YNode job, List<ConfigProblem> problems) {
        int maxRetries = ConfigValues.intOr(retry.get("max_retries"), 0);
        double initial = number(retry.get("initial_delay_seconds"), 1);
        double max = number(retry.get("max_delay_seconds"), 60);
        double multiplier = number(retry.get("backoff_multiplier"), 2);
        atLeast(maxRetries, 0, "max_retries", "a retry count of 0 or more", job, problems);
        atLeast(initial, 0, "initial_delay_seconds", "a delay of 0 seconds or more", job, problems);
        atLeast(max, 0, "max_delay_seconds", "a delay of 0 seconds or more", job, problems);
        atLeast(multiplier, 1, "backoff_multiplier", "a multiplier of 1 or more", job, problems);
        List<String> patterns = ConfigValues.strings(retry.get("retryable_error_patterns"));
        YNode list = FactoryChecks.node(job, AT, "retryable_error_patterns");
        for (int i = 0; i < patterns.size(); i++) {
            try {
                Pattern.compile(patterns.get(i));
            } catch (PatternSyntaxException e) {
                YNode item = list instanceof YNode.YList l && i < l.items().size() ? l.items().get(i) : job;
                Shape.problem(problems, item.loc(), AT + ".retryable_error_patterns[" + i + "]",
                        "not a regular expression: " + e.getDescription() + " near index " + e.getIndex()
                                + " of '" + patterns.get(i) + "'");
            }
        }
        return new RetryConfig(maxRetries, initial, max, multiplier, patterns);
    }

    private static void atLeast(double value, double min, String key, String expected, YNode job,
                                List<ConfigProblem> problems) {
        if (value < min) {
            Shape.problem(problems, FactoryChecks.at(job, AT, key), AT + "." + key, "expected " + expected
                    + ", found " + (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)));
        }
    }

    private static double number(Object o, double fallback) {
        return o instanceof Number n ? n.doubleValue() : fallback;
    }
}
