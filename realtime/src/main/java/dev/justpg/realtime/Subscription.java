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
     * Whether the subscription is open (not closed, and its {@link PubSub} not closed).
     *
     * @return {@code true} while open
     */
    boolean isOpen();

    /**
     * Stops delivery. Messages still queued are discarded; a handler call in progress finishes.
     * Idempotent; never throws.
     */
    @Override
    void close();
}
