package dev.justpg.realtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How the listening connection is re-established after a loss: capped, jittered exponential
 * backoff that never gives up. Attempt {@code n} (from 1) waits a random time between half and
 * all of {@code min(max, initial * 2^(n-1))}; the jitter keeps many application instances from
 * reconnecting in lock step after a server restart.
 *
 * @param initial the delay before the first reconnect attempt (before jitter), positive
 * @param max the cap on any delay, not shorter than {@code initial}
 */
public record ReconnectPolicy(Duration initial, Duration max) {

    /** Default first delay: 100 ms. */
    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(100);
    /** Default cap on one delay: 30 s. */
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);
    /** 100 ms first delay, 30 s cap. */
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(DEFAULT_INITIAL, DEFAULT_MAX);

    /**
     * Validates the settings.
     *
     * @param initial see the record description
     * @param max see the record description
     * @throws IllegalArgumentException naming the bad setting
     */
    public ReconnectPolicy {
        Objects.requireNonNull(initial, "initial must not be null");
        Objects.requireNonNull(max, "max must not be null");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial reconnect delay must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max reconnect delay (" + max + ") must not be shorter than initial ("
                    + initial + ")");
        }
    }

    /**
     * The policy with the given delays.
     *
     * @param initial the first delay
     * @param max the cap
     * @return the policy
     */
    public static ReconnectPolicy of(Duration initial, Duration max) {
        return new ReconnectPolicy(initial, max);
    }

    /**
     * The jittered delay before attempt {@code attempt}.
     *
     * @param attempt the attempt number, from 1
     * @param random a uniform random number in [0, 1)
     * @return the delay
     */
    public Duration delay(int attempt, double random) {
        long capMs = max.toMillis();
        long base = initial.toMillis();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long exp = base > (capMs >> shift) ? capMs : Math.min(capMs, base << shift);
        long half = exp / 2;
        return Duration.ofMillis(half + (long) ((exp - half) * random));
    }
}
