package dev.justpg.realtime.internal;

/** Receives notifications as the listening connection reads them, on the reading thread. */
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
}
