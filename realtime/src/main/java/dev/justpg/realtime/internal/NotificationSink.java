package dev.justpg.realtime.internal;

/**
 * Receives notifications as the listening connection reads them, on the reading thread. The
 * connection calls {@link #flush()} before it may block, so a sink can batch the wakeups of
 * handler threads while more notifications are already buffered.
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

    /** Nothing more is buffered right now: hand on whatever {@link #accept} collected. */
    default void flush() {
    }
}
