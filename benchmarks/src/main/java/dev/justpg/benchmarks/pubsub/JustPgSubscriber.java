package dev.justpg.benchmarks.pubsub;

import dev.justpg.core.Database;
import dev.justpg.realtime.Channel;
import dev.justpg.realtime.PubSub;
import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;

/** justpg's {@link PubSub} with defaults: handler on justpg's handler thread, text channel. */
final class JustPgSubscriber implements SubscriberUnderTest {

    private PubSub pubsub;
    private Channel<String> channel;

    @Override
    public String label() {
        return "justpg";
    }

    @Override
    public void start(ConnectionInfo db, String name, Latencies sink) {
        pubsub = PubSub.builder(Database.of(db.dataSource())).build();
        channel = Channel.text(name);
        pubsub.subscribe(channel, m -> sink.record(m.payload()));
    }

    @Override
    public void publish(Connection c, String name, String payload) {
        pubsub.publish(c, channel, payload);
    }

    @Override
    public void close() {
        pubsub.close();
    }
}
