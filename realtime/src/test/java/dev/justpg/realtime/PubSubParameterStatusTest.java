package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A server parameter that changes while justpg reads the listening connection itself (here by a
 * configuration reload) reaches pgjdbc: the pooled connection, once handed back, reports the new
 * value, as pgjdbc would have seen it reading the connection on its own.
 */
@PostgresTest
class PubSubParameterStatusTest {

    private final TestDatabase database;
    private final Database db;

    PubSubParameterStatusTest(TestDatabase database) {
        this.database = database;
        this.db = Database.of(database.dataSource());
    }

    @Test
    void parameterChangesReadOnTheListeningConnectionReachPgjdbc() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(5_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            String before;
            try (Connection c = pool.getConnection()) {
                before = c.unwrap(PGConnection.class).getParameterStatus("IntervalStyle");
            }
            assertThat(before).isEqualTo("postgres");
            try {
                try (PubSub pubsub = PubSub.builder(db).listenerDataSource(pool).build()) {
                    Recorder<String> rec = new Recorder<>();
                    pubsub.subscribe(Channel.text("ps_first"), rec);
                    alterSystem("alter system set \"IntervalStyle\" = 'iso_8601'");
                    // The server applies a reload after the session's next command and reports it
                    // with the one after: a few LISTENs on the listening connection.
                    for (int i = 0; i < 3; i++) {
                        pubsub.subscribe(Channel.text("ps_more_" + i), m -> { });
                    }
                    pubsub.publish(Channel.text("ps_first"), "still listening");
                    assertThat(rec.nextPayload()).isEqualTo("still listening");
                }
                try (Connection c = pool.getConnection()) {
                    assertThat(c.unwrap(PGConnection.class).getParameterStatus("IntervalStyle"))
                            .as("the pooled listening connection, as pgjdbc sees it").isEqualTo("iso_8601");
                    assertThat(Jdbc.query(c, "show \"IntervalStyle\"", r -> r.getString(1)).get(0))
                            .isEqualTo("iso_8601");
                }
            } finally {
                alterSystem("alter system reset \"IntervalStyle\"");
            }
        }
    }

    private void alterSystem(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
            st.execute("select pg_reload_conf()");
        }
    }
}
