package io.dativo.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run claims a job in its state store ({@link StateStore#claim(String, String, String, ClaimOptions)}).
 *
 * @param maxWait   how long to wait for a live holder to finish; zero refuses at once
 * @param ttl       how long the lease lives without a heartbeat; another run may take it over after that
 * @param heartbeat how often the holder renews the lease; shorter than {@code ttl}
 * @since 0.2
 */
public record ClaimOptions(Duration maxWait, Duration ttl, Duration heartbeat) {

    /** The default time to live of a lease: a minute. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    /** Checks that waiting is not negative and that heartbeats come more often than the lease runs out. */
    public ClaimOptions {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("the wait for a claim cannot be negative: " + maxWait);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease needs a positive time to live, not " + ttl);
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("the heartbeat (" + heartbeat + ") must be positive and shorter than "
                    + "the time to live (" + ttl + ")");
        }
    }

    /**
     * No waiting, a lease of {@link #DEFAULT_TTL} renewed every third of it, so a live holder misses two heartbeats
     * before its lease can run out.
     */
    public static ClaimOptions defaults() {
        return new ClaimOptions(Duration.ZERO, DEFAULT_TTL, DEFAULT_TTL.dividedBy(3));
    }

    /** These options waiting up to {@code maxWait} for a live holder. */
    public ClaimOptions withMaxWait(Duration maxWait) {
        return new ClaimOptions(maxWait, ttl, heartbeat);
    }

    /** These options with a time to live of {@code ttl}, renewed every third of it. */
    public ClaimOptions withTtl(Duration ttl) {
        return new ClaimOptions(maxWait, ttl, ttl.dividedBy(3));
    }
}
