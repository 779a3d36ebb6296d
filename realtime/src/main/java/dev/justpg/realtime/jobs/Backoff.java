package dev.justpg.realtime.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed job waits before its next attempt: exponential with a cap and jitter.
 *
 * <p>The wait after attempt {@code n} (1 for the first) is
 * {@code min(max, base * 2^(n-1)) * (1 + jitter * u)} with {@code u} uniform in [-1, 1]. With the
 * defaults (base 1 s, max 1 h, jitter 0.1) the waits are about 1 s, 2 s, 4 s, ... 34 min, then
 * 1 h each: 20 attempts span about 10 hours. The jitter spreads retries of jobs that failed
 * together (an outage) so they do not return as one herd.
 *
 * @param base the wait after the first failure
 * @param max the longest wait
 * @param jitter the relative spread, 0 to 1
 */
public record Backoff(Duration base, Duration max, double jitter) {

    /** Default base: 1 s. */
    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    /** Default cap: 1 hour. */
    public static final Duration DEFAULT_MAX = Duration.ofHours(1);
    /** Default jitter: 0.1 (plus or minus 10 %). */
    public static final double DEFAULT_JITTER = 0.1;
    /** The defaults. */
    public static final Backoff DEFAULT = new Backoff(DEFAULT_BASE, DEFAULT_MAX, DEFAULT_JITTER);

    /**
     * Validates.
     *
     * @param base see the record description
     * @param max see the record description
     * @param jitter see the record description
     */
    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= max, got base " + base + ", max " + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("backoff jitter must be 0 to 1, got " + jitter);
        }
    }

    /**
     * A backoff with these bounds and the default jitter.
     *
     * @param base the wait after the first failure
     * @param max the longest wait
     * @return the backoff
     */
    public static Backoff of(Duration base, Duration max) {
        return new Backoff(base, max, DEFAULT_JITTER);
    }

    /**
     * The wait after a failed attempt, without jitter.
     *
     * @param attempt the attempt that failed, from 1
     * @return the wait
     */
    public Duration nominal(int attempt) {
        double ms = Math.min((double) max.toMillis(), base.toMillis() * Math.pow(2, Math.max(0, attempt - 1)));
        return Duration.ofMillis((long) ms);
    }

    /**
     * The wait after a failed attempt, with jitter.
     *
     * @param attempt the attempt that failed, from 1
     * @return the wait
     */
    public Duration delay(int attempt) {
        double u = ThreadLocalRandom.current().nextDouble(-1, 1);
        return Duration.ofMillis(Math.max(0, (long) (nominal(attempt).toMillis() * (1 + jitter * u))));
    }
}
