package dev.justpg.realtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.PostgresServer;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real crashes: worker JVMs killed with destroyForcibly, the server stopped and started. */
@PostgresTest
class JobCrashTest {

    private final TestDatabase database;
    private final List<Process> children = new ArrayList<>();
    private HikariDataSource pool;

    JobCrashTest(TestDatabase database) {
        this.database = database;
    }

    @AfterEach
    void cleanUp() {
        children.forEach(Process::destroyForcibly);
        if (pool != null) {
            pool.close();
        }
    }

    private Process startWorker(ConnectionInfo info, String name, int concurrency, long leaseMs) throws Exception {
        return startWorker(info, name, concurrency, leaseMs, "");
    }

    private Process startWorker(ConnectionInfo info, String name, int concurrency, long leaseMs, String mode)
            throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                WorkerChild.class.getName(), name, Integer.toString(concurrency), Long.toString(leaseMs), mode);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        children.add(p);
        Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        w.write("host=" + info.host() + "\nport=" + info.port() + "\ndatabase=" + info.database() + "\nuser="
                + info.user() + "\npassword=" + info.password() + "\nend\n");
        w.flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line = out.readLine(); ; line = out.readLine()) {
            if (line == null || System.nanoTime() > deadline) {
                throw new AssertionError("worker " + name + " did not start");
            }
            if (line.equals("READY")) {
                return p;
            }
        }
    }

    private long one(Database db, String sql) {
        return db.withConnection(c -> Jdbc.query(c, sql, r -> r.getLong(1)).get(0));
    }

    @Test
    @Tag("slow")
    @Timeout(400)
    void nothingIsLostWhenAWorkerJvmIsKilledAndRestarted() throws Exception {
        ConnectionInfo info = database.connectionInfo();
        database.execute("create table if not exists runs (job_id bigint not null, worker text not null)",
                "drop trigger if exists runs_block on runs", "delete from runs",
                "alter database \"" + info.database() + "\" set synchronous_commit = off");
        pool = Pools.pool(info, 4);
        Database db = Database.of(pool);
        JobQueue jobs = JobQueue.builder(db).build();
        db.execute("delete from justpg_job");
        int total = 50_000;
        List<JobRequest> rs = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            rs.add(JobRequest.of("n", i).maxAttempts(5));
        }
        assertThat(jobs.copyAll(rs)).isEqualTo(total);
        long lease = 2_000;
        for (int i = 1; i <= 4; i++) {
            startWorker(info, "w" + i, 8, lease);
        }
        Pools.await("some progress", 120_000, () -> one(db, "select count(*) from runs") > total / 5);
        children.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long runsOfKilled = one(db, "select count(*) from runs where worker = 'w1'");
        long claimedByKilled = one(db, "select count(*) from justpg_job where worker = 'w1' and state = 'running'");
        startWorker(info, "w1-again", 8, lease);
        Pools.await("every job done", 300_000, () -> one(db, "select count(*) from justpg_job") == 0);

        assertThat(one(db, "select count(distinct job_id) from runs")).isEqualTo(total);
        // A job ran twice only when the killed worker had run it without recording the completion.
        assertThat(one(db, "select count(*) from (select job_id from runs group by job_id having count(*) > 1"
                + " and not bool_or(worker = 'w1')) x")).isZero();
        assertThat(one(db, "select count(*) from (select job_id from runs group by job_id having count(*) > 2) x"))
                .isZero();
        long twice = one(db, "select count(*) from (select job_id from runs group by job_id having count(*) > 1) x");
        assertThat(twice).isLessThanOrEqualTo(claimedByKilled);
        assertThat(runsOfKilled).isPositive();
        for (Process p : children.subList(1, children.size())) {
            p.getOutputStream().write("stop\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Timeout(120)
    void aJobWhoseWorkerDiedIsRescuedAndCountsAnAttempt() throws Exception {
        ConnectionInfo info = database.connectionInfo();
        pool = Pools.pool(info, 6);
        Database db = Database.of(pool);
        db.execute("create table if not exists runs (job_id bigint not null, worker text not null)");
        JobQueue jobs = JobQueue.builder(db).build();
        db.execute("delete from justpg_job");
        // A poison job: whoever claims it dies. Simulated by a worker JVM killed while it holds the job.
        database.execute("create or replace function block_forever() returns trigger language plpgsql as"
                + " $$ begin perform pg_sleep(3600); return new; end $$",
                "create trigger runs_block before insert on runs for each row execute function block_forever()");
        long id = jobs.enqueue(JobRequest.of("n", 1).maxAttempts(2)).id();
        for (int attempt = 1; attempt <= 2; attempt++) {
            Process p = startWorker(info, "poison" + attempt, 1, 1_000);
            int expected = attempt;
            Pools.await("claimed", 30_000, () -> jobs.find(id).map(JobInfo::attempt).orElse(0) == expected
                    && jobs.find(id).get().state() == JobState.RUNNING);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            database.execute("select pg_terminate_backend(pid) from pg_stat_activity where query like 'insert into runs%'"
                    + " and pid <> pg_backend_pid()");
            if (attempt == 1) {
                try (JobWorkers rescuer = jobs.workers().lease(Duration.ofMillis(600))
                        .handle("other", Object.class, j -> { }).start()) {
                    Pools.await("rescued", 30_000,
                            () -> jobs.find(id).map(JobInfo::state).orElse(null) == JobState.AVAILABLE);
                }
            }
        }
        try (JobWorkers rescuer = jobs.workers().lease(Duration.ofMillis(600))
                .handle("other", Object.class, j -> { }).start()) {
            Pools.await("discarded", 30_000, () -> jobs.find(id).map(JobInfo::state).orElse(null) == JobState.DISCARDED);
        }
        JobInfo info2 = jobs.find(id).orElseThrow();
        assertThat(info2.attempt()).isEqualTo(2);
        assertThat(info2.errors()).hasSize(2).allSatisfy(e -> assertThat(e.error()).contains("rescued"));
    }

    @Test
    @Timeout(180)
    void threeSchedulersInThreeJvmsFireEachCronSlotExactlyOnce() throws Exception {
        ConnectionInfo info = database.connectionInfo();
        pool = Pools.pool(info, 4);
        Database db = Database.of(pool);
        db.execute("create table if not exists runs (job_id bigint not null, worker text not null)");
        JobQueue.builder(db).build();
        db.execute("drop trigger if exists runs_block on runs");
        db.execute("delete from runs");
        db.execute("delete from justpg_job_cron");
        db.execute("delete from justpg_job");
        for (int i = 1; i <= 3; i++) {
            startWorker(info, "cron" + i, 2, 5_000, "cron");
        }
        Pools.await("five slots", 90_000, () -> one(db, "select count(*) from justpg_job_cron") >= 5);
        for (Process p : children) {
            p.getOutputStream().write("stop\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long slots = one(db, "select count(*) from justpg_job_cron where name = 'every-2s'");
        // Consecutive slots, 2 s apart, none skipped and none twice (the primary key says the latter).
        assertThat(one(db, "select (extract(epoch from max(slot) - min(slot)) / 2)::bigint + 1 from justpg_job_cron"))
                .isEqualTo(slots);
        assertThat(one(db, "select count(*) from justpg_job_cron where job_id is null")).isZero();
        // the workers are stopped: a slot fired just before the stop may still wait in the table, so
        // what is checked is that every slot enqueued exactly one job, and that slots' jobs ran
        long jobsFired = one(db, "select count(distinct job_id) from justpg_job_cron");
        assertThat(jobsFired).isEqualTo(slots);
        assertThat(one(db, "select count(distinct worker) from runs")).isPositive();
    }

    @Test
    @Timeout(180)
    void aBatchCallbackIsEnqueuedOnceAfterTheLastMemberWhenAMemberWorkerIsKilled() throws Exception {
        ConnectionInfo info = database.connectionInfo();
        pool = Pools.pool(info, 4);
        Database db = Database.of(pool);
        db.execute("create table if not exists runs (job_id bigint not null, worker text not null)");
        JobQueue jobs = JobQueue.builder(db).build();
        db.execute("drop trigger if exists runs_block on runs");
        db.execute("delete from runs");
        db.execute("delete from justpg_job");
        List<JobRequest> members = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            members.add(JobRequest.of("n", WorkerChild.SLOW + i).maxAttempts(5));
        }
        long batch = jobs.enqueueBatch(members, JobRequest.of("cb", java.util.Map.of("report", "r")));
        Process first = startWorker(info, "b1", 4, 1_000);
        Pools.await("a few members done", 60_000, () -> one(db, "select count(*) from runs") >= 4);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long runningAtKill = one(db, "select count(*) from justpg_job where state = 'running'");
        startWorker(info, "b2", 4, 1_000);
        Pools.await("the batch finished", 120_000, () -> one(db, "select count(*) from justpg_job_batch"
                + " where finished_at is not null") == 1);
        // the callback is enqueued in the transaction that finishes the batch: it is there already
        assertThat(one(db, "select count(*) from justpg_job where kind = 'cb'")).isEqualTo(1);
        assertThat(one(db, "select count(*) from justpg_job where kind = 'n'")).isZero();
        assertThat(one(db, "select succeeded from justpg_job_batch where id = " + batch)).isEqualTo(40);
        assertThat(one(db, "select count(distinct job_id) from runs")).isEqualTo(40);
        assertThat(one(db, "select (args->'justpgBatch'->>'succeeded')::bigint from justpg_job where kind = 'cb'"))
                .isEqualTo(40);
        assertThat(runningAtKill).isPositive();
    }

    @Test
    @Timeout(180)
    void workersRecoverFromAServerRestartWithoutHelp(PostgresServer server) throws Exception {
        assumeTrue(server.canRestart(), "needs a server the testkit can restart");
        pool = Pools.pool(database.connectionInfo(), 8);
        Database db = Database.of(pool);
        JobQueue jobs = JobQueue.builder(db).build();
        db.execute("delete from justpg_job");
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        AtomicInteger errors = new AtomicInteger();
        int total = 3_000;
        List<JobRequest> rs = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            rs.add(JobRequest.of("r", i));
        }
        jobs.enqueueAll(rs);
        try (JobWorkers w = jobs.workers().queue("default", 4).lease(Duration.ofSeconds(2))
                .backoff(Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .listener(new JobListener() {
                    @Override
                    public void onError(String activity, Exception error) {
                        errors.incrementAndGet();
                    }
                })
                .handle("r", Integer.class, j -> {
                    Thread.sleep(2);
                    done.add(j.args());
                }).start()) {
            Pools.await("some done", 60_000, () -> done.size() > 300);
            server.stop();
            Thread.sleep(1_000); // deliberate downtime: workers see refused connections, then the server back
            server.start();
            Pools.await("every job done", 120_000, () -> {
                try {
                    return one(db, "select count(*) from justpg_job") == 0;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            jobs.enqueue("r", -1);
            Pools.await("a job after the restart", 30_000, () -> done.contains(-1));
        }
        assertThat(done).hasSize(total + 1);
        assertThat(errors.get()).isPositive();
    }
}
