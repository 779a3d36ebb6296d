package dev.justpg.realtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Schema installs from many sessions, shutdown, poll-only, executors, retention, listener, validation. */
@PostgresTest
@Timeout(120)
class JobOperationsTest {

    private static HikariDataSource pool;
    private final Database db;

    JobOperationsTest(TestDatabase database) {
        if (pool == null) {
            pool = Pools.pool(database.connectionInfo(), 16);
        }
        this.db = Database.of(pool);
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    private long one(String sql) {
        return db.withConnection(c -> Jdbc.query(c, sql, r -> r.getLong(1)).get(0));
    }

    @Test
    void eightSessionsInstallingTheSchemaAtOnceApplyEachVersionOnce() throws Exception {
        Identifier table = Identifier.of("race_job");
        ExecutorService ex = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JobQueue>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(ex.submit(() -> {
                    go.await();
                    return JobQueue.builder(db).table(table).build();
                }));
            }
            go.countDown();
            for (Future<JobQueue> f : fs) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            ex.shutdownNow();
        }
        assertThat(one("select count(*) from race_job_migration")).isEqualTo(1);
        assertThat(JobQueue.schemaDdl(table).get(0)).anyMatch(s -> s.contains("where state = 'available'"));
    }

    @Test
    void closeWaitsForRunningHandlersWithinItsBoundThenHandsTheRestBack() throws Exception {
        JobQueue jobs = JobQueue.builder(db).table(Identifier.of("shut_job")).build();
        long quick = jobs.enqueue("quick", null).id();
        long stuck = jobs.enqueue("stuck", null).id();
        CountDownLatch bothStarted = new CountDownLatch(2);
        AtomicInteger quickDone = new AtomicInteger();
        JobWorkers w = jobs.workers().queue("default", 2).shutdownTimeout(Duration.ofMillis(800))
                .handle("quick", Object.class, j -> {
                    bothStarted.countDown();
                    Thread.sleep(300);
                    quickDone.incrementAndGet();
                })
                .handle("stuck", Object.class, j -> {
                    bothStarted.countDown();
                    while (true) {
                        Thread.sleep(10_000);
                    }
                }).start();
        assertThat(bothStarted.await(20, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        w.close();
        w.close();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).isLessThan(5_000);
        assertThat(quickDone).hasValue(1);
        assertThat(jobs.find(quick)).isEmpty();
        JobInfo s = jobs.find(stuck).orElseThrow();
        assertThat(s.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(s.attempt()).isZero();
        Pools.await("every justpg-jobs thread to end", 5_000, () -> Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).noneMatch(n -> n.startsWith("justpg-jobs-")));
    }

    @Test
    void pollOnlyWorkersOnTheCallersExecutorFindWorkAndTheListenerHearsIt() throws Exception {
        JobQueue jobs = JobQueue.builder(db).table(Identifier.of("poll_job")).build();
        ExecutorService mine = Executors.newFixedThreadPool(3, r -> new Thread(r, "app-worker"));
        List<String> threads = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        try (JobWorkers w = jobs.workers().pollOnly().pollInterval(Duration.ofMillis(50)).executor(mine)
                .queue("mail", 3)
                .listener(new JobListener() {
                    @Override
                    public void onCompleted(String queue, String kind, long id, Duration runTime) {
                        events.add("completed " + kind);
                    }

                    @Override
                    public void onAttemptEnded(String queue, String kind, long id, int attempt, JobState next,
                            String error) {
                        events.add("ended " + kind + " " + next);
                    }
                })
                .handle("m", Object.class, j -> threads.add(Thread.currentThread().getName()))
                .handle("bad", Object.class, j -> {
                    throw new IllegalArgumentException("no");
                }).start()) {
            jobs.enqueue(JobRequest.of("m", null).queue("mail"));
            jobs.enqueue(JobRequest.of("bad", null).queue("mail").maxAttempts(1));
            Pools.await("both", 10_000, () -> events.size() == 2);
        } finally {
            mine.shutdownNow();
        }
        assertThat(threads).containsExactly("app-worker");
        assertThat(events).containsExactlyInAnyOrder("completed m", "ended bad DISCARDED");
    }

    @Test
    void keptCompletedJobsAndOldFailuresArePruned() throws Exception {
        JobQueue jobs = JobQueue.builder(db).table(Identifier.of("keep_job")).keepCompleted(Duration.ofHours(1))
                .keepFinished(Duration.ofDays(1)).build();
        long id = jobs.enqueue("k", null).id();
        long cancelled = jobs.enqueue(JobRequest.of("k", null).delay(Duration.ofHours(1))).id();
        jobs.cancel(cancelled);
        try (JobWorkers w = jobs.workers().handle("k", Object.class, j -> { }).start()) {
            Pools.await("completed and kept", 10_000,
                    () -> jobs.find(id).map(JobInfo::state).orElse(null) == JobState.COMPLETED);
        }
        assertThat(jobs.stats()).singleElement().satisfies(s -> {
            assertThat(s.count(JobState.COMPLETED)).isEqualTo(1);
            assertThat(s.count(JobState.CANCELLED)).isEqualTo(1);
        });
        db.execute("update keep_job set finished_at = now() - interval '2 days'");
        // Pruning runs 5 s after the workers start, then every minute.
        try (JobWorkers w = jobs.workers().handle("k", Object.class, j -> { }).start()) {
            Pools.await("pruned", 20_000, () -> one("select count(*) from keep_job") == 0);
        }
    }

    @Test
    void badSettingsAndRequestsFailBeforeAnySideEffect() {
        JobQueue jobs = JobQueue.builder(db).table(Identifier.of("bad_job")).build();
        assertThatThrownBy(() -> JobRequest.of("", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind");
        assertThatThrownBy(() -> JobRequest.of("k", null).priority(10)).hasMessageContaining("priority");
        assertThatThrownBy(() -> JobRequest.of("k", null).unique("u", java.util.Set.of(JobState.AVAILABLE)))
                .hasMessageContaining("RUNNING");
        assertThatThrownBy(() -> jobs.workers().start()).hasMessageContaining("handle");
        assertThatThrownBy(() -> jobs.workers().handle("k", Object.class, j -> { }).lease(Duration.ofMillis(10)).start())
                .hasMessageContaining("lease");
        assertThatThrownBy(() -> jobs.enqueue("k", new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        })).isInstanceOf(RuntimeException.class);
        assertThat(one("select count(*) from bad_job")).isZero();
    }
}
