package dev.justpg.benchmarks.pubsub;

import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;

/** One of the compared subscribers: started on a channel, feeding a {@link Latencies}. */
interface SubscriberUnderTest extends AutoCloseable {

    /** The label in RESULT lines. */
    String label();

    /**
     * Subscribes; returns once the subscription is active.
     *
     * @param db where to connect
     * @param channel the channel name
     * @param sink where each payload goes
     * @throws Exception when it cannot subscribe
     */
    void start(ConnectionInfo db, String channel, Latencies sink) throws Exception;

    /**
     * Publishes one payload on a publisher's own connection (autocommit). The raw and Vert.x
     * runs share the plain {@code pg_notify} statement; the justpg run goes through its API.
     *
     * @param c the publisher's connection
     * @param channel the channel
     * @param payload the payload
     * @throws Exception when publishing fails
     */
    void publish(Connection c, String channel, String payload) throws Exception;
}
