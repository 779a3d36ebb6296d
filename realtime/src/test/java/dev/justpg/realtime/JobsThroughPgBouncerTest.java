package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.realtime.jobs.JobQueue;
import dev.justpg.realtime.jobs.JobRequest;
import dev.justpg.realtime.jobs.JobWorkers;
import dev.justpg.testkit.PostgresServer;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.ServerKind;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The job queue through PgBouncer in transaction mode: schema, enqueue, poll-only workers, and no
 * session setting leaking to the pooler's other clients. Skipped when pgbouncer is not installed.
 */
@PostgresTest
@Timeout(120)
class JobsThroughPgBouncerTest {

    @BeforeEach
    void needsPgBouncer(PostgresServer server) {
        assumeTrue(PgBouncerProcess.binary() != null, "pgbouncer is not installed (apt-get install pgbouncer)");
        assumeTrue(server.kind() == ServerKind.EMBEDDED, "PgBouncer is started next to the embedded server");
    }

    @Test
    void pollOnlyWorkersRunEveryJobThroughTransactionPooling(TestDatabase database) throws Exception {
        try (PgBouncerProcess bouncer = PgBouncerProcess.start(database.connectionInfo(), "transaction")) {
            HikariConfig hc = new HikariConfig();
            hc.setDataSource(bouncer.dataSource());
            hc.setMaximumPoolSize(6);
            try (HikariDataSource pool = new HikariDataSource(hc)) {
                Database db = Database.of(pool);
                JobQueue jobs = JobQueue.builder(db).build();
                Set<Integer> seen = ConcurrentHashMap.newKeySet();
                try (JobWorkers w = jobs.workers().pollOnly().pollInterval(Duration.ofMillis(50)).queue("default", 4)
                        .handle("n", Integer.class, j -> seen.add(j.args())).start()) {
                    List<JobRequest> rs = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        rs.add(JobRequest.of("n", i));
                    }
                    jobs.enqueueAll(rs);
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (seen.size() < 300 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                }
                assertThat(seen).hasSize(300);
                // Async commit is set per statement, never on a session the pooler hands to others.
                List<Connection> held = new ArrayList<>();
                try {
                    for (int i = 0; i < 6; i++) {
                        held.add(pool.getConnection());
                    }
                    for (Connection c : held) {
                        assertThat(Jdbc.query(c, "show synchronous_commit", r -> r.getString(1))).containsExactly("on");
                    }
                } finally {
                    for (Connection c : held) {
                        c.close();
                    }
                }
            }
        }
    }
}
