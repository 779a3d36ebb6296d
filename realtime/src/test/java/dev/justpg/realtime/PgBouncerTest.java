package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.justpg.core.Database;
import dev.justpg.core.UnsupportedFeatureException;
import dev.justpg.testkit.PostgresServer;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.ServerKind;
import dev.justpg.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Through a real PgBouncer: session pooling can LISTEN, transaction pooling cannot, and justpg
 * says so instead of waiting silently. Skipped when pgbouncer is not installed.
 */
@PostgresTest
class PgBouncerTest {

    @BeforeEach
    void needsPgBouncer(PostgresServer server) {
        assumeTrue(PgBouncerProcess.binary() != null, "pgbouncer is not installed (apt-get install pgbouncer)");
        assumeTrue(server.kind() == ServerKind.EMBEDDED, "PgBouncer is started next to the embedded server");
    }

    @Test
    void transactionPoolingIsDetectedWithAMessageThatSaysSo(TestDatabase database) throws Exception {
        try (PgBouncerProcess bouncer = PgBouncerProcess.start(database.connectionInfo(), "transaction");
             PubSub pubsub = PubSub.builder(Database.of(bouncer.dataSource()))
                     .probeTimeout(Duration.ofSeconds(1)).build()) {
            assertThatThrownBy(() -> pubsub.subscribe(Channel.text("through_bouncer"), m -> { }))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("PgBouncer in transaction")
                    .hasMessageContaining("listenerDataSource");
        }
    }

    @Test
    void sessionPoolingWorks(TestDatabase database) throws Exception {
        try (PgBouncerProcess bouncer = PgBouncerProcess.start(database.connectionInfo(), "session");
             PubSub pubsub = PubSub.builder(Database.of(bouncer.dataSource())).build()) {
            Recorder<String> rec = new Recorder<>();
            pubsub.subscribe(Channel.text("through_bouncer"), rec);
            pubsub.publish(Channel.text("through_bouncer"), "via pgbouncer");
            assertThat(rec.nextPayload()).isEqualTo("via pgbouncer");
        }
    }

    @Test
    void transactionPoolingIsFineForPublishersWithADirectListener(TestDatabase database) throws Exception {
        try (PgBouncerProcess bouncer = PgBouncerProcess.start(database.connectionInfo(), "transaction");
             PubSub pubsub = PubSub.builder(Database.of(bouncer.dataSource()))
                     .listenerDataSource(database.dataSource()).build()) {
            Recorder<String> rec = new Recorder<>();
            pubsub.subscribe(Channel.text("direct_listener"), rec);
            pubsub.publish(Channel.text("direct_listener"), "published through the pooler");
            assertThat(rec.nextPayload()).isEqualTo("published through the pooler");
        }
    }
}
