package dev.justpg.realtime;

/**
 * One active subscription made by {@link PubSub#subscribe}. Close it to stop receiving; the
 * channel is {@code UNLISTEN}ed when its last subscription closes. Thread-safe.
 */
public interface Subscription extends AutoCloseable {

    /**
     * The channel name.
     *
     * @return the name
     */
    String channel();

    /**
     * Messages waiting for the handler right now.
     *
     * @return the queue depth
     */
    int queueDepth();

    /**
     * Messages handed to the handler so far (whether or not it threw).
     *
     * @return the count
     */
    long delivered();

    /**
     * Messages dropped by the overflow policy so far.
     *
     * @return the count
     */
    long dropped();

    /**
     * Whether the subscription is open: not closed, its {@link PubSub} not closed, and not ended
     * by a handler's fatal error (see {@link #failure()}).
     *
     * @return {@code true} while open
     */
    boolean isOpen();

    /**
     * Why the subscription ended on its own: a handler threw a virtual machine error other than
     * {@link StackOverflowError} (such as {@link OutOfMemoryError}), after which justpg stops
     * delivering to it rather than feed a failing JVM. Every other throwable, {@link Error}s
     * included, is reported ({@link PubSubListener#onHandlerFailure}) and delivery goes on.
     *
     * @return the error that ended the subscription, or empty (while open, or closed by
     *     {@link #close()} or the {@link PubSub}'s close)
     */
    java.util.Optional<Throwable> failure();

    /**
     * Stops delivery. Messages still queued are discarded; a handler call in progress finishes.
     * Idempotent; never throws.
     */
    @Override
    void close();
}
