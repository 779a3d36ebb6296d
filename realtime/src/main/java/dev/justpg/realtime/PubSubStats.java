package dev.justpg.realtime;

/**
 * A snapshot of a {@link PubSub}'s counters since it was built.
 *
 * @param connected whether the listening connection is up right now
 * @param backendPid the listening session's server process id, or 0 when not connected
 * @param connects how many times the listening connection was established
 * @param reconnects how many of those followed a loss
 * @param received notifications read from the server (each counted once, however many
 *     subscriptions it went to)
 * @param delivered messages handed to subscribers
 * @param dropped messages dropped by overflow policies
 * @param resyncs {@link Resync} events queued for subscribers
 * @param subscriptions open subscriptions
 * @param channels channels listened to
 * @param queueDepth messages waiting in all subscription queues
 * @param handlerFailures times a subscriber threw (logged with a stack trace at most once a
 *     minute per subscription, all counted here)
 */
public record PubSubStats(boolean connected, int backendPid, long connects, long reconnects, long received,
                          long delivered, long dropped, long resyncs, int subscriptions, int channels,
                          long queueDepth, long handlerFailures) {
}
