package dev.justpg.realtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Enqueue, claim, complete, retry and operate, against a real server. */
@PostgresTest
@Timeout(60)
class JobQueueTest {

    record Email(String to, String subject) {
    }

    private static HikariDataSource pool;
    private final Database db;
    private final JobQueue jobs;

    JobQueueTest(TestDatabase database) {
        if (pool == null) {
            pool = Pools.pool(database.connectionInfo(), 12);
        }
        this.db = Database.of(pool);
        this.jobs = JobQueue.builder(db).build();
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @BeforeEach
    void empty() {
        db.execute("delete from justpg_job");
        db.execute("delete from justpg_job_paused");
    }

    private <T> List<T> rows(String sql, dev.justpg.core.RowMapper<T> mapper) {
        return db.withConnection(c -> Jdbc.query(c, sql, mapper));
    }

    private long count(String where) {
        return db.withConnection(c -> Jdbc.query(c, "select count(*) from justpg_job where " + where,
                r -> r.getLong(1)).get(0));
    }

    @Test
    void migrationIsIdempotentAndRecordsItsVersion() {
        JobQueue again = JobQueue.builder(db).build();
        assertThat(again).isNotNull();
        assertThat(rows("select max(version) from justpg_job_migration", r -> r.getInt(1))).containsExactly(1);
        assertThat(rows("select reloptions::text from pg_class where relname = 'justpg_job'", r -> r.getString(1)).get(0)).contains("fillfactor=80");
    }

    @Test
    void aJobRunsWithItsArgumentsAndIsDeletedWhenDone() throws Exception {
        List<Email> seen = new CopyOnWriteArrayList<>();
        long id = jobs.enqueue("send-email", new Email("ada@example.com", "hi")).id();
        try (JobWorkers w = jobs.workers().handle("send-email", Email.class, j -> seen.add(j.args())).start()) {
            Pools.await("the job to run and be deleted", 10_000, () -> !seen.isEmpty() && jobs.find(id).isEmpty());
        }
        assertThat(seen).containsExactly(new Email("ada@example.com", "hi"));
    }

    @Test
    void aRolledBackTransactionLeavesNoJobAndACommittedOneDoes() {
        assertThatThrownBy(() -> db.useTransaction(tx -> {
            jobs.enqueue(tx, JobRequest.of("x", new Email("a", "b")));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(count("true")).isZero();
        long id = db.inTransaction(tx -> jobs.enqueue(tx, JobRequest.of("x", null)).id());
        assertThat(jobs.find(id)).get().extracting(JobInfo::state).isEqualTo(JobState.AVAILABLE);
        db.useTransaction(tx -> jobs.enqueueAll(tx.connection(), List.of(JobRequest.of("y", null))));
        assertThat(count("true")).isEqualTo(2);
    }

    @Test
    void uniqueKeysDedupeConcurrentInsertsAndNameTheExistingJob() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(8);
        try {
            List<Future<EnqueueResult>> fs = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 8; i++) {
                fs.add(ex.submit(() -> {
                    go.await();
                    return jobs.enqueue(JobRequest.of("report", null).unique("daily:2026-01-01"));
                }));
            }
            go.countDown();
            List<EnqueueResult> rs = new ArrayList<>();
            for (Future<EnqueueResult> f : fs) {
                rs.add(f.get(20, TimeUnit.SECONDS));
            }
            assertThat(rs.stream().filter(EnqueueResult::inserted)).hasSize(1);
            assertThat(rs.stream().map(EnqueueResult::id).distinct()).hasSize(1);
        } finally {
            ex.shutdownNow();
        }
        List<EnqueueResult> batch = jobs.enqueueAll(List.of(JobRequest.of("report", null).unique("daily:2026-01-01"),
                JobRequest.of("report", null).unique("daily:2026-01-02"), JobRequest.of("report", null),
                JobRequest.of("report", null).unique("daily:2026-01-02")));
        assertThat(batch.get(0).duplicate()).isTrue();
        assertThat(batch.get(1).inserted()).isTrue();
        assertThat(batch.get(2).inserted()).isTrue();
        assertThat(batch.get(3).duplicate()).isTrue();
        assertThat(batch.get(3).id()).isEqualTo(batch.get(1).id());
        assertThat(count("true")).isEqualTo(3);
    }

    @Test
    void priorityThenRunAtOrder() throws Exception {
        Instant now = Instant.now();
        jobs.enqueueAll(List.of(
                JobRequest.of("o", "p5").priority(5),
                JobRequest.of("o", "p1-late").priority(1).runAt(now.minusSeconds(1)),
                JobRequest.of("o", "p1-early").priority(1).runAt(now.minusSeconds(5)),
                JobRequest.of("o", "p0").priority(0),
                JobRequest.of("o", "future").runAt(now.plusSeconds(3600))));
        List<String> order = new CopyOnWriteArrayList<>();
        try (JobWorkers w = jobs.workers().queue("default", 1).fetchSize(1)
                .handle("o", String.class, j -> order.add(j.args())).start()) {
            Pools.await("four jobs", 10_000, () -> order.size() == 4);
            Thread.sleep(200);
        }
        assertThat(order).containsExactly("p0", "p1-early", "p1-late", "p5");
        assertThat(count("state = 'available'")).isEqualTo(1);
    }

    @Test
    void failuresFollowTheBackoffScheduleRecordEachErrorAndEndDiscarded() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        long id = jobs.enqueue(JobRequest.of("flaky", null).maxAttempts(3)).id();
        Backoff backoff = new Backoff(Duration.ofMillis(300), Duration.ofSeconds(10), 0.1);
        try (JobWorkers w = jobs.workers().backoff(backoff).pollInterval(Duration.ofMillis(20))
                .handle("flaky", Object.class, j -> {
                    starts.add(System.nanoTime());
                    throw new IllegalStateException("smtp down, attempt " + j.attempt());
                }).start()) {
            Pools.await("discarded", 15_000, () -> jobs.find(id).map(JobInfo::state).orElse(null) == JobState.DISCARDED);
        }
        assertThat(starts).hasSize(3);
        long gap1 = (starts.get(1) - starts.get(0)) / 1_000_000;
        long gap2 = (starts.get(2) - starts.get(1)) / 1_000_000;
        assertThat(gap1).isBetween(270L, 2_000L);
        assertThat(gap2).isBetween(540L, 3_000L);
        JobInfo info = jobs.find(id).orElseThrow();
        assertThat(info.errors()).extracting(JobError::attempt).containsExactly(1, 2, 3);
        assertThat(info.errors().get(2).error()).contains("IllegalStateException: smtp down, attempt 3");
        assertThat(info.errors().get(0).stack()).contains("JobQueueTest");
        assertThat(jobs.failedJobs(10)).extracting(JobInfo::id).contains(id);
        assertThat(backoff.nominal(1)).isEqualTo(Duration.ofMillis(300));
        assertThat(backoff.nominal(3)).isEqualTo(Duration.ofMillis(1200));
        assertThat(backoff.nominal(30)).isEqualTo(Duration.ofSeconds(10));

        assertThat(jobs.retry(id)).isTrue();
        assertThat(jobs.find(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        assertThat(jobs.find(id).orElseThrow().maxAttempts()).isEqualTo(4);
    }

    @Test
    void aRunningJobIsCancelledAndItsHandlerToldToStop() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        long id = jobs.enqueue("long", null).id();
        try (JobWorkers w = jobs.workers().handle("long", Object.class, j -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        }).start()) {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(jobs.cancel(id)).isTrue();
            Pools.await("cancelled", 10_000, () -> jobs.find(id).map(JobInfo::state).orElse(null) == JobState.CANCELLED);
        }
        assertThat(interrupted).hasValue(1);
        long waiting = jobs.enqueue(JobRequest.of("long", null).delay(Duration.ofHours(1))).id();
        assertThat(jobs.cancel(waiting)).isTrue();
        assertThat(jobs.find(waiting).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(jobs.cancel(waiting)).isFalse();
    }

    @Test
    void aJobPastItsTimeoutIsInterruptedAndTheAttemptFails() throws Exception {
        AtomicInteger interrupted = new AtomicInteger();
        long id = jobs.enqueue(JobRequest.of("slow", null).timeout(Duration.ofMillis(300)).maxAttempts(1)).id();
        try (JobWorkers w = jobs.workers().handle("slow", Object.class, j -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        }).start()) {
            Pools.await("discarded", 10_000, () -> jobs.find(id).map(JobInfo::state).orElse(null) == JobState.DISCARDED);
            Pools.await("interrupted", 5_000, () -> interrupted.get() == 1);
        }
        assertThat(jobs.find(id).orElseThrow().errors().get(0).error()).contains("timed out after 300 ms");
    }

    @Test
    void badInputIsRecordedOnTheJobAndTheWorkerKeepsRunning() throws Exception {
        long unknown = jobs.enqueue(JobRequest.of("nobody-handles-this", null).maxAttempts(1)).id();
        long badArgs = jobs.enqueue(JobRequest.of("email", "not an object").maxAttempts(1)).id();
        long error = jobs.enqueue(JobRequest.of("throws-error", null).maxAttempts(1)).id();
        Set<String> done = ConcurrentHashMap.newKeySet();
        try (JobWorkers w = jobs.workers().queue("default", 2)
                .handle("email", Email.class, j -> done.add("email"))
                .handle("throws-error", Object.class, j -> {
                    throw new StackOverflowError("deep");
                })
                .handle("fine", Object.class, j -> done.add("fine")).start()) {
            Pools.await("three discarded", 10_000, () -> count("state = 'discarded'") == 3);
            jobs.enqueue("fine", null);
            Pools.await("the next job", 10_000, () -> done.contains("fine"));
        }
        assertThat(jobs.find(unknown).orElseThrow().errors().get(0).error())
                .contains("no handler for kind 'nobody-handles-this'");
        assertThat(jobs.find(badArgs).orElseThrow().errors().get(0).error())
                .contains("do not decode to").contains("Email");
        assertThat(jobs.find(error).orElseThrow().errors().get(0).error())
                .contains("java.lang.StackOverflowError: deep");
        assertThat(done).doesNotContain("email");
    }

    @Test
    void handlersSnoozeRetryNowAndDiscard() throws Exception {
        long snoozed = jobs.enqueue("snooze", null).id();
        long retried = jobs.enqueue(JobRequest.of("retry", null).maxAttempts(5)).id();
        long discarded = jobs.enqueue("discard", null).id();
        AtomicInteger retryRuns = new AtomicInteger();
        try (JobWorkers w = jobs.workers()
                .handle("snooze", Object.class, j -> j.snooze(Duration.ofHours(1)))
                .handle("retry", Object.class, j -> {
                    if (retryRuns.incrementAndGet() < 3) {
                        j.retryNow("not yet");
                    }
                })
                .handle("discard", Object.class, j -> j.discard("bad request")).start()) {
            Pools.await("the retried job done", 10_000, () -> jobs.find(retried).isEmpty());
            Pools.await("discarded", 10_000,
                    () -> jobs.find(discarded).map(JobInfo::state).orElse(null) == JobState.DISCARDED);
            Pools.await("snoozed", 10_000, () -> jobs.find(snoozed).map(JobInfo::attempt).orElse(-1) == 0
                    && jobs.find(snoozed).get().runAt().isAfter(Instant.now().plusSeconds(3000)));
        }
        assertThat(retryRuns).hasValue(3);
        assertThat(jobs.find(discarded).orElseThrow().errors().get(0).error()).contains("bad request");
    }

    @Test
    @Timeout(300)
    void batchesOfManyRowsAndCopyLoadEveryJob() throws Exception {
        List<JobRequest> rs = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            rs.add(JobRequest.of("n", i).tags("bulk", "q\"u,o\\te"));
        }
        List<EnqueueResult> ids = jobs.enqueueAll(rs);
        assertThat(ids).hasSize(12_000).allMatch(EnqueueResult::inserted);
        assertThat(ids.stream().map(EnqueueResult::id).distinct()).hasSize(12_000);
        assertThat(jobs.copyAll(rs.subList(0, 5_000))).isEqualTo(5_000);
        assertThat(jobs.copyAll(List.of(JobRequest.of("n", "x\\y\nz").delay(Duration.ofHours(1))))).isEqualTo(1);
        assertThat(count("true")).isEqualTo(17_001);
        assertThat(count("tags = array[$$bulk$$, $$q\"u,o\\te$$]")).isEqualTo(17_000);
        assertThat(rows("select args #>> '{}' from justpg_job where run_at > now()", r -> r.getString(1)))
                .containsExactly("x\\y\nz");
        assertThatThrownBy(() -> jobs.copyAll(List.of(JobRequest.of("n", 1).unique("k"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        try (JobWorkers w = jobs.workers().queue("default", 20).handle("n", Object.class, j -> {
            if (j.args() instanceof Integer n) {
                seen.add(n);
            }
        }).start()) {
            Pools.await("all run", 240_000, () -> count("true") == 1);
        }
        assertThat(seen).hasSize(12_000);
    }

    @Test
    void aPausedQueueIsNotClaimedUntilResumed() throws Exception {
        jobs.pause("default");
        assertThat(jobs.isPaused("default")).isTrue();
        long id = jobs.enqueue("p", null).id();
        AtomicInteger runs = new AtomicInteger();
        try (JobWorkers w = jobs.workers().pollInterval(Duration.ofMillis(50))
                .handle("p", Object.class, j -> runs.incrementAndGet()).start()) {
            Thread.sleep(500);
            assertThat(runs).hasValue(0);
            assertThat(jobs.stats()).singleElement().satisfies(s -> {
                assertThat(s.paused()).isTrue();
                assertThat(s.count(JobState.AVAILABLE)).isEqualTo(1);
                assertThat(s.oldestAvailableAge()).isPositive();
            });
            jobs.resume("default");
            Pools.await("run after resume", 10_000, () -> runs.get() == 1 && jobs.find(id).isEmpty());
        }
    }

    @Test
    void aBatchCallbackRunsOnceAfterEveryMemberWithTheOutcome() throws Exception {
        List<JobRequest> members = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            members.add(JobRequest.of("member", i).maxAttempts(1));
        }
        long batchId = jobs.enqueueBatch(members, JobRequest.of("all-done", java.util.Map.of("report", "r1")));
        List<BatchOutcome> outcomes = new CopyOnWriteArrayList<>();
        AtomicInteger membersRun = new AtomicInteger();
        try (JobWorkers w = jobs.workers().queue("default", 8)
                .handle("member", Integer.class, j -> {
                    membersRun.incrementAndGet();
                    if (j.args() % 10 == 0) {
                        throw new IllegalStateException("member " + j.args() + " fails");
                    }
                })
                .handle("all-done", java.util.Map.class, j -> {
                    assertThat(membersRun.get()).isEqualTo(50);
                    assertThat(j.args()).containsEntry("report", "r1");
                    outcomes.add(j.batchOutcome().orElseThrow());
                }).start()) {
            Pools.await("the callback", 15_000, () -> outcomes.size() == 1);
            Thread.sleep(300);
        }
        assertThat(outcomes).containsExactly(new BatchOutcome(batchId, 50, 45, 5, 0));
    }
}
