package dev.justpg.realtime;

import java.time.Duration;

/**
 * Observes a {@link PubSub}: connection changes, gaps, drops and failures, for metrics and
 * alerts. Every method has a no-op default; {@link #NONE} does nothing.
 *
 * <p>Methods are called from justpg's threads (whichever is reading, or running handlers):
 * keep them fast and thread-safe, and do not throw (an exception is logged and ignored).
 */
public interface PubSubListener {

    /** A listener that does nothing. */
    PubSubListener NONE = new PubSubListener() {
    };

    /**
     * The listening connection is ready: every channel is listened to.
     *
     * @param backendPid the server process id of the listening session
     * @param reconnect {@code false} for the first connection, {@code true} after a loss
     */
    default void onConnected(int backendPid, boolean reconnect) {
    }

    /**
     * The listening connection was lost or could not be made; a reconnect follows after the delay.
     *
     * @param attempt the number of the reconnect attempt that follows (from 1)
     * @param delay the wait before it
     * @param cause what went wrong
     */
    default void onDisconnected(int attempt, Duration delay, Throwable cause) {
    }

    /**
     * A subscription got a {@link Resync}.
     *
     * @param channel the channel name
     * @param resync the gap
     */
    default void onResync(String channel, Resync resync) {
    }

    /**
     * A message was handed to a subscriber.
     *
     * @param channel the channel name
     * @param queueDepth messages still waiting in that subscription's queue
     */
    default void onDelivered(String channel, int queueDepth) {
    }

    /**
     * A subscription's queue was full and its overflow policy dropped messages.
     *
     * @param channel the channel name
     * @param policy the policy that applied
     * @param count how many messages were dropped by this overflow
     */
    default void onDropped(String channel, OverflowPolicy policy, int count) {
    }

    /**
     * A subscriber threw (an exception or an error, from {@code onMessage} or {@code onResync}).
     * Delivery goes on with the next message unless the error ends the subscription (see
     * {@link #onSubscriptionEnded}).
     *
     * @param channel the channel name
     * @param error what it threw
     */
    default void onHandlerFailure(String channel, Throwable error) {
    }

    /**
     * A subscription ended on its own because its handler threw a virtual machine error other than
     * {@link StackOverflowError} (such as {@link OutOfMemoryError}); see
     * {@link Subscription#failure()}. It is no longer open and gets no more messages; subscribe
     * again to resume.
     *
     * @param channel the channel name
     * @param cause the error
     */
    default void onSubscriptionEnded(String channel, Throwable cause) {
    }

    /**
     * A payload could not be decoded by the channel's codec; the message was skipped.
     *
     * @param channel the channel name
     * @param payload the raw payload text (shortened to 200 characters)
     * @param error the codec's failure
     */
    default void onDecodeFailure(String channel, String payload, Throwable error) {
    }
}
