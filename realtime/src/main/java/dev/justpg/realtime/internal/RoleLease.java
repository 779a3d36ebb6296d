package dev.justpg.realtime.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Who may use the listening connection while the reader runs a handler itself.
 *
 * <p>The reader <em>lends</em> the role before it runs a drain on its own thread: the token turns
 * odd. Then exactly one of two threads takes it back, with the same compare-and-set from that odd
 * token to the next even one: the reader when its drain returns, or the watcher when the drain has
 * run too long. Whoever wins holds the role; the loser does not touch the connection. Every lend
 * gets a new token, so a late reader cannot take back a role lent since by someone else.
 */
final class RoleLease {

    private final AtomicLong token = new AtomicLong();
    private volatile long lentAt;

    /**
     * Lends the role; called by its holder only.
     *
     * @return the token to take it back with
     */
    long lend() {
        lentAt = System.nanoTime();
        return token.incrementAndGet();
    }

    /**
     * Takes back the role lent with {@code lent}.
     *
     * @param lent the token {@link #lend()} returned
     * @return whether the caller now holds the role
     */
    boolean take(long lent) {
        return token.compareAndSet(lent, lent + 1);
    }

    /**
     * The current token: odd while the role is lent.
     *
     * @return the token
     */
    long current() {
        return token.get();
    }

    /**
     * Whether the lend {@code seen} is still in effect and began at least {@code nanos} ago.
     *
     * @param seen a token from {@link #current()}
     * @param nanos the bound
     * @return whether the watcher should take the role
     */
    boolean overdue(long seen, long nanos) {
        return (seen & 1) != 0 && System.nanoTime() - lentAt >= nanos && token.get() == seen;
    }
}
