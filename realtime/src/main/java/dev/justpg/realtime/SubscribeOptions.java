package dev.justpg.realtime;

import java.util.Objects;

/**
 * Per-subscription queue settings: how many undelivered messages it holds and what happens
 * when it is full.
 *
 * @param queueCapacity the most messages waiting for the handler, at least 1
 * @param overflow what to drop when the queue is full
 */
public record SubscribeOptions(int queueCapacity, OverflowPolicy overflow) {

    /** Default queue capacity: {@value} messages. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    /** Default overflow policy: {@link OverflowPolicy#DROP_OLDEST}. */
    public static final OverflowPolicy DEFAULT_OVERFLOW = OverflowPolicy.DROP_OLDEST;

    /** {@link #DEFAULT_QUEUE_CAPACITY} and {@link #DEFAULT_OVERFLOW}. */
    public static final SubscribeOptions DEFAULT = new SubscribeOptions(DEFAULT_QUEUE_CAPACITY, DEFAULT_OVERFLOW);

    /**
     * Validates the settings.
     *
     * @param queueCapacity see the record description
     * @param overflow see the record description
     * @throws IllegalArgumentException naming the bad setting
     */
    public SubscribeOptions {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        Objects.requireNonNull(overflow, "overflow must not be null");
    }

    /**
     * Options with the given capacity and policy.
     *
     * @param queueCapacity the most messages waiting for the handler, at least 1
     * @param overflow what to drop when the queue is full
     * @return the options
     */
    public static SubscribeOptions of(int queueCapacity, OverflowPolicy overflow) {
        return new SubscribeOptions(queueCapacity, overflow);
    }
}
