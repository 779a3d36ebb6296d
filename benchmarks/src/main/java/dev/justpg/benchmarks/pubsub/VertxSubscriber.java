package dev.justpg.benchmarks.pubsub;

import dev.justpg.testkit.ConnectionInfo;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Vert.x's {@link PgSubscriber}: Netty, handlers on the event loop. */
final class VertxSubscriber implements SubscriberUnderTest {

    private final String label;
    private Vertx vertx;
    private PgSubscriber subscriber;

    /** Labelled {@code vertx}. */
    VertxSubscriber() {
        this("vertx");
    }

    /**
     * A subscriber with its own label (two of them calibrate the latency duel against itself).
     *
     * @param label the label in RESULT lines
     */
    VertxSubscriber(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void start(ConnectionInfo db, String channel, Latencies sink) throws Exception {
        vertx = Vertx.vertx();
        PgConnectOptions options = new PgConnectOptions().setHost(db.host()).setPort(db.port())
                .setDatabase(db.database()).setUser(db.user()).setPassword(db.password());
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        subscriber.channel(channel).subscribeHandler(v -> subscribed.complete(null)).handler(sink::record);
        subscribed.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void publish(Connection c, String channel, String payload) throws Exception {
        Publish.plain(c, channel, payload);
    }

    @Override
    public void close() throws Exception {
        subscriber.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
