package dev.justpg.realtime.internal;

/**
 * Receives notifications as the listening connection reads them, on the reader's thread. The
 * connection calls {@link #flush()} before it may block, so a sink can batch the start of
 * handler drains while more notifications are already buffered.
 */
@FunctionalInterface
public interface NotificationSink {

    /**
     * One notification.
     *
     * @param senderPid the publishing session's backend pid
     * @param channel the channel name
     * @param payload the payload text
     */
    void accept(int senderPid, String channel, String payload);

    /**
     * Nothing more is buffered right now: hand on whatever {@link #accept} collected.
     *
     * @return {@code true} when {@link ListenConnection#await} should return now, so that its
     *     caller can hand the collected work on itself
     */
    default boolean flush() {
        return false;
    }
}
