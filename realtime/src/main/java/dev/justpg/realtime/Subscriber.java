package dev.justpg.realtime;

/**
 * Receives the messages of one subscription, one at a time and in the order the server sent
 * them, on the {@link PubSub}'s handler threads. With justpg's own threads the handler usually
 * runs on the thread that read the message, which does not read while the handler runs; if the
 * handler takes longer than 5 ms, another thread takes over the reading.
 *
 * <p>A lambda implements {@link #onMessage}; implement {@link #onResync} too when the
 * application keeps state derived from the channel, because a reconnect or an overflow can lose
 * messages and {@code onResync} is the only signal of it.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface Subscriber<T> {

    /**
     * Handles one message. An exception is logged and reported to
     * {@link PubSubListener#onHandlerFailure}; delivery continues with the next message.
     *
     * @param message the message
     * @throws Exception when handling fails
     */
    void onMessage(Message<T> message) throws Exception;

    /**
     * Handles a gap: messages may have been missed before this point. Re-read the state the
     * subscription maintains. Does nothing by default.
     *
     * @param resync why and when
     * @throws Exception when handling fails (reported like {@link #onMessage} failures)
     */
    default void onResync(Resync resync) throws Exception {
    }
}
