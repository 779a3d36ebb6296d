package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A listening connection whose socket justpg had to close (the server went away under it) is
 * aborted, so a pool discards it; one that justpg let go of cleanly is closed (handed back).
 */
@PostgresTest
class PubSubAbortTest {

    private final TestDatabase database;
    private final Database db;

    PubSubAbortTest(TestDatabase database) {
        this.database = database;
        this.db = Database.of(database.dataSource());
    }

    @ParameterizedTest(name = "driver internals: {0}")
    @ValueSource(booleans = {true, false})
    void aConnectionLostUnderJustpgIsAbortedAndACleanOneClosed(boolean internals) throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        try (PubSub pubsub = PubSub.builder(db).listenerDataSource(recording(database.dataSource(), calls))
                .useDriverInternals(internals)
                .reconnect(ReconnectPolicy.of(Duration.ofMillis(50), Duration.ofMillis(200))).build()) {
            Recorder<String> rec = new Recorder<>();
            pubsub.subscribe(Channel.text("abort_me"), rec);
            int pid = pubsub.stats().backendPid();
            db.withConnection(c -> Jdbc.query(c, "select pg_terminate_backend(?)", r -> null, pid));
            assertThat(rec.next()).isInstanceOf(Resync.class);
            assertThat(calls).startsWith("open 1", "abort 1").noneMatch(c -> c.startsWith("close 1"));
        }
        assertThat(calls).containsSubsequence("open 2", "close 2").doesNotContain("abort 2");
        assertThat(calls).noneMatch(c -> c.endsWith("after loss"));
    }

    /** A data source whose connections record open, abort and close in order. */
    private static DataSource recording(DataSource target, List<String> calls) {
        int[] n = new int[1];
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, target, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    int id;
                    synchronized (n) {
                        id = ++n[0];
                    }
                    calls.add("open " + id);
                    Connection real = (Connection) result;
                    boolean[] aborted = new boolean[1];
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("abort")) {
                                    aborted[0] = true;
                                    calls.add("abort " + id);
                                } else if (m.getName().equals("close") && !aborted[0]) {
                                    calls.add("close " + id + (real.isClosed() ? " after loss" : ""));
                                }
                                return invoke(m, real, a);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
