package dev.justpg.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a transaction is re-run after a serialization failure
 * ({@code 40001}) or a deadlock ({@code 40P01}).
 *
 * <p>Between attempts the caller's thread sleeps for a jittered, exponentially growing delay:
 * attempt {@code n} (from 1) waits a random time between half and all of
 * {@code min(maxBackoff, initialBackoff * 2^(n-1))}. The jitter keeps two conflicting
 * transactions from colliding again in lock step.
 *
 * @param maxAttempts total attempts including the first, at least 1 (1 means no retry)
 * @param initialBackoff the delay before the second attempt (before jitter), not negative
 * @param maxBackoff the cap on any delay, not shorter than {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Default total attempts: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default first delay: 10 ms. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(10);
    /** Default cap on one delay: 1 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);

    /** The default policy: 5 attempts, 10 ms first delay, 1 s cap. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);

    /** No retry: one attempt only. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /**
     * Validates the settings.
     *
     * @param maxAttempts see the record description
     * @param initialBackoff see the record description
     * @param maxBackoff see the record description
     * @throws IllegalArgumentException naming the bad setting
     */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
        Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 (1 means no retry), was " + maxAttempts);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff
                    + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
        }
    }

    /**
     * This policy with another number of attempts.
     *
     * @param attempts total attempts including the first, at least 1
     * @return the new policy
     */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff);
    }

    /**
     * This policy with other delays.
     *
     * @param initial the delay before the second attempt
     * @param max the cap on any delay
     * @return the new policy
     */
    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max);
    }
}
