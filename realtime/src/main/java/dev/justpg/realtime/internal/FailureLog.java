package dev.justpg.realtime.internal;

import java.util.concurrent.TimeUnit;

/**
 * Rate limit for one subscription's handler-failure warnings: the first failure is logged with
 * its stack trace, then at most one a minute, saying how many were not logged in between. Used
 * by the one thread draining the subscription at a time.
 */
final class FailureLog {

    /** The least time between two warnings with a stack trace: 1 minute. */
    static final long PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);

    private boolean any;
    private long lastLogged;
    private long skipped;

    /**
     * Records a failure.
     *
     * @param now {@link System#nanoTime()}
     * @return how many failures went unlogged before this one, or -1 when this one must not be logged
     */
    synchronized long record(long now) {
        if (any && now - lastLogged < PERIOD_NANOS) {
            skipped++;
            return -1;
        }
        any = true;
        lastLogged = now;
        long s = skipped;
        skipped = 0;
        return s;
    }
}
