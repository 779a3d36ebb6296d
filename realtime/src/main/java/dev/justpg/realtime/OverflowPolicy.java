package dev.justpg.realtime;

/**
 * What a subscription does when a message arrives and its queue is full because the handler is
 * slower than the publishers. The reading thread never waits for a handler; every policy drops
 * something and then delivers a {@link Resync} with {@link Resync.Reason#OVERFLOW} at the place
 * of the gap.
 */
public enum OverflowPolicy {
    /** Drop the oldest queued message and keep the new one: the handler sees the freshest data. */
    DROP_OLDEST,
    /** Drop the new message and keep the queue as it is: the handler sees the oldest data first. */
    DROP_NEWEST,
    /**
     * Drop everything queued and the new message, leaving one {@link Resync}: for state feeds
     * where re-reading the state replaces all the missed updates anyway.
     */
    RESYNC
}
