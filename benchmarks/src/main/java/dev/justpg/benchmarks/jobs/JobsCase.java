package dev.justpg.benchmarks.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.benchmarks.BenchContext;
import dev.justpg.benchmarks.BenchmarkCase;
import dev.justpg.core.Database;
import dev.justpg.realtime.jobs.JobQueue;
import dev.justpg.realtime.jobs.JobRequest;
import dev.justpg.realtime.jobs.JobWorkers;
import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * {@code jobs}: end-to-end throughput of {@value #JOBS} no-op jobs (enqueued first in one batch,
 * then burned down by {@value #WORKERS} handler threads) and idle pickup latency (one job at a
 * time, paced), for justpg, db-scheduler 16.7.1 (lock-and-fetch polling, its recommended
 * PostgreSQL mode), JobRunr 8.7.0 (PostgresStorageProvider) and a raw-JDBC loop that claims with
 * justpg's claim statement and completes with its delete statement (the limit).
 */
public final class JobsCase implements BenchmarkCase {

    static final int JOBS = 20_000;
    static final int WORKERS = 32;
    static final int PICKUP_SAMPLES = 300;
    static final int RAW_THREADS = 4;
    static final int RAW_BATCH = 50;
    static final Duration PACE = Duration.ofMillis(5);

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        ctx.note("jobs: %d no-op jobs, %d handler threads each; pickup: %d jobs one at a time, %d ms apart,"
                + " measured from before the enqueue call (its commit included) to the handler's start",
                JOBS, WORKERS, PICKUP_SAMPLES, PACE.toMillis());
        double ours = justpg(ctx);
        double raw = raw(ctx);
        double dbs = dbScheduler(ctx);
        double jr = jobRunr(ctx);
        double peer = Math.max(dbs, jr);
        ctx.ratio("jobs-vs-peer", "justpg", dbs >= jr ? "db-scheduler" : "jobrunr", ours / peer);
        ctx.ratio("jobs-vs-raw", "justpg", "raw-jdbc", ours / raw);
    }

    private static HikariDataSource pool(ConnectionInfo info, int size) {
        return pool(info, size, false);
    }

    /**
     * A pool; with {@code asyncCommit} every session runs with {@code synchronous_commit = off},
     * which justpg's workers set on their own claim and completion sessions by default: the
     * raw loop and the peers get the same, so that the comparison is of the queues, not of the
     * flushes.
     */
    private static HikariDataSource pool(ConnectionInfo info, int size, boolean asyncCommit) {
        HikariConfig c = new HikariConfig();
        c.setDataSource(info.dataSource());
        c.setMaximumPoolSize(size);
        c.setAutoCommit(true);
        if (asyncCommit) {
            c.setConnectionInitSql("set synchronous_commit = off");
        }
        return new HikariDataSource(c);
    }

    private static void await(String what, long timeoutMs, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    private static long count(HikariDataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pickupReport(BenchContext ctx, String who, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        ctx.result("jobs-pickup-" + who, "p50", s[s.length / 2] / 1e6, "ms");
        ctx.result("jobs-pickup-" + who, "p99", s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6, "ms");
        ctx.result("jobs-pickup-" + who, "max", s[s.length - 1] / 1e6, "ms");
    }

    // ------------------------------------------------------------------ justpg

    private double justpg(BenchContext ctx) throws Exception {
        ConnectionInfo info = ctx.createDatabase("bench_jobs_justpg");
        try (HikariDataSource ds = pool(info, 8)) {
            Database db = Database.of(ds);
            JobQueue jobs = JobQueue.builder(db).build();
            AtomicInteger runs = new AtomicInteger();
            AtomicLong lastStart = new AtomicLong();
            List<JobRequest> rs = new ArrayList<>(JOBS);
            for (int i = 0; i < JOBS; i++) {
                rs.add(JobRequest.of("noop", i));
            }
            long t0 = System.nanoTime();
            jobs.copyAll(rs);
            ctx.result("jobs-enqueue-justpg", "throughput", JOBS / ((System.nanoTime() - t0) / 1e9), "jobs/s");
            double tput;
            try (JobWorkers w = jobs.workers().queue("default", WORKERS).handle("noop", Integer.class, j -> {
                lastStart.set(System.nanoTime());
                runs.incrementAndGet();
            }).start()) {
                long start = System.nanoTime();
                await("justpg burn-down", 600_000, () -> runs.get() >= JOBS && count(ds, "select count(*) from justpg_job") == 0);
                tput = JOBS / ((System.nanoTime() - start) / 1e9);
                Thread.sleep(500);
                long[] lat = new long[PICKUP_SAMPLES];
                for (int i = 0; i < PICKUP_SAMPLES; i++) {
                    int before = runs.get();
                    long sent = System.nanoTime();
                    jobs.enqueue("noop", i);
                    await("justpg pickup", 30_000, () -> runs.get() > before);
                    lat[i] = lastStart.get() - sent;
                    Thread.sleep(PACE.toMillis());
                }
                pickupReport(ctx, "justpg", lat);
            }
            ctx.result("jobs-justpg", "throughput", tput, "jobs/s");
            return tput;
        }
    }

    // ------------------------------------------------------------------ raw JDBC

    private double raw(BenchContext ctx) throws Exception {
        ConnectionInfo info = ctx.createDatabase("bench_jobs_raw");
        try (HikariDataSource ds = pool(info, RAW_THREADS + 2, true)) {
            JobQueue jobs = JobQueue.builder(Database.of(ds)).build();
            List<JobRequest> rs = new ArrayList<>(JOBS);
            for (int i = 0; i < JOBS; i++) {
                rs.add(JobRequest.of("noop", i));
            }
            jobs.copyAll(rs);
            String claim = "with picked as (select id from justpg_job where state = 'available' and queue = 'default'"
                    + " and run_at <= now() order by priority, run_at, id limit ? for update skip locked)"
                    + " update justpg_job j set state = 'running', attempt = j.attempt + 1, attempted_at = now(),"
                    + " lease_until = now() + interval '30 seconds', worker = 'raw' from picked where j.id = picked.id"
                    + " returning j.id, j.attempt, j.args::text";
            String complete = "delete from justpg_job j using unnest(?::bigint[], ?::smallint[]) as d(id, attempt)"
                    + " where j.id = d.id and j.attempt = d.attempt and j.state = 'running'";
            AtomicInteger done = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < RAW_THREADS; t++) {
                Thread th = new Thread(() -> {
                    try (Connection c = ds.getConnection();
                         PreparedStatement cl = c.prepareStatement(claim);
                         PreparedStatement co = c.prepareStatement(complete)) {
                        while (true) {
                            cl.setInt(1, RAW_BATCH);
                            List<Long> ids = new ArrayList<>();
                            List<Short> att = new ArrayList<>();
                            try (ResultSet r = cl.executeQuery()) {
                                while (r.next()) {
                                    ids.add(r.getLong(1));
                                    att.add(r.getShort(2));
                                }
                            }
                            if (ids.isEmpty()) {
                                return;
                            }
                            co.setArray(1, c.createArrayOf("int8", ids.toArray()));
                            co.setArray(2, c.createArrayOf("int2", att.toArray()));
                            co.executeUpdate();
                            done.addAndGet(ids.size());
                        }
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, "raw-" + t);
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join(600_000);
            }
            double tput = JOBS / ((System.nanoTime() - start) / 1e9);
            if (done.get() != JOBS) {
                throw new IllegalStateException("raw loop completed " + done.get() + " of " + JOBS);
            }
            ctx.result("jobs-raw-jdbc", "throughput", tput, "jobs/s");
            ctx.note("raw-jdbc: %d threads, each claims %d with justpg's claim statement and deletes them with one"
                    + " unnest statement, autocommit, synchronous_commit off (as justpg's worker sessions)",
                    RAW_THREADS, RAW_BATCH);
            return tput;
        }
    }

    // ------------------------------------------------------------------ db-scheduler

    private double dbScheduler(BenchContext ctx) throws Exception {
        ConnectionInfo info = ctx.createDatabase("bench_jobs_dbscheduler");
        try (HikariDataSource ds = pool(info, WORKERS + 4, true)) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                // The PostgreSQL DDL from db-scheduler's own repository (postgresql_tables.sql).
                st.execute("create table scheduled_tasks (task_name text not null, task_instance text not null,"
                        + " task_data bytea, execution_time timestamp with time zone not null, picked boolean not null,"
                        + " picked_by text, last_success timestamp with time zone,"
                        + " last_failure timestamp with time zone, consecutive_failures int,"
                        + " last_heartbeat timestamp with time zone, version bigint not null, priority smallint,"
                        + " primary key (task_name, task_instance))");
                st.execute("create index execution_time_idx on scheduled_tasks (execution_time)");
                st.execute("create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
                st.execute("create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)");
            }
            AtomicInteger runs = new AtomicInteger();
            AtomicLong lastStart = new AtomicLong();
            OneTimeTask<Void> task = Tasks.oneTime("noop").execute((inst, ec) -> {
                lastStart.set(System.nanoTime());
                runs.incrementAndGet();
            });
            Scheduler scheduler = Scheduler.create(ds, task).threads(WORKERS)
                    .pollUsingLockAndFetch(0.5, 4.0)
                    .pollingInterval(Duration.ofMillis(100))
                    .enableImmediateExecution()
                    .shutdownMaxWait(Duration.ofSeconds(5))
                    .build();
            List<TaskInstance<?>> instances = new ArrayList<>(JOBS);
            for (int i = 0; i < JOBS; i++) {
                instances.add(task.instance("job-" + i));
            }
            long t0 = System.nanoTime();
            scheduler.scheduleBatch(instances, Instant.now());
            ctx.result("jobs-enqueue-db-scheduler", "throughput", JOBS / ((System.nanoTime() - t0) / 1e9), "jobs/s");
            double tput;
            try {
                long start = System.nanoTime();
                scheduler.start();
                await("db-scheduler burn-down", 900_000, () -> runs.get() >= JOBS);
                tput = JOBS / ((System.nanoTime() - start) / 1e9);
                await("db-scheduler table empty", 60_000, () -> count(ds, "select count(*) from scheduled_tasks") == 0);
                Thread.sleep(500);
                long[] lat = new long[PICKUP_SAMPLES];
                for (int i = 0; i < PICKUP_SAMPLES; i++) {
                    int before = runs.get();
                    long sent = System.nanoTime();
                    scheduler.schedule(task.instance("pickup-" + i), Instant.now());
                    await("db-scheduler pickup", 30_000, () -> runs.get() > before);
                    lat[i] = lastStart.get() - sent;
                    Thread.sleep(PACE.toMillis());
                }
                pickupReport(ctx, "db-scheduler", lat);
            } finally {
                scheduler.stop();
            }
            ctx.result("jobs-db-scheduler", "throughput", tput, "jobs/s");
            ctx.note("db-scheduler: threads=%d, pollUsingLockAndFetch(0.5, 4.0) (SELECT ... FOR UPDATE SKIP LOCKED,"
                    + " its PostgreSQL recommendation), pollingInterval 100 ms (default 10 s),"
                    + " enableImmediateExecution, scheduleBatch for the enqueue, synchronous_commit off on its"
                    + " pool (as justpg's worker sessions)", WORKERS);
            return tput;
        }
    }

    // ------------------------------------------------------------------ JobRunr

    private double jobRunr(BenchContext ctx) throws Exception {
        ConnectionInfo info = ctx.createDatabase("bench_jobs_jobrunr");
        try (HikariDataSource ds = pool(info, WORKERS + 4, true)) {
            JobRunrConfigurationResult jr = JobRunr.configure()
                    .useStorageProvider(new PostgresStorageProvider(ds))
                    .useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                            .andWorkerCount(WORKERS).andPollInterval(Duration.ofSeconds(5)), false)
                    .initialize();
            double tput;
            try {
                long t0 = System.nanoTime();
                jr.getJobScheduler().enqueue(IntStream.range(0, JOBS).boxed(), i -> JobRunrTarget.run(i));
                ctx.result("jobs-enqueue-jobrunr", "throughput", JOBS / ((System.nanoTime() - t0) / 1e9), "jobs/s");
                long start = System.nanoTime();
                jr.getBackgroundJobServer().start();
                await("JobRunr burn-down", 1_200_000, () -> JobRunrTarget.RUNS.get() >= JOBS);
                tput = JOBS / ((System.nanoTime() - start) / 1e9);
            } finally {
                JobRunr.destroy();
            }
            ctx.result("jobs-jobrunr", "throughput", tput, "jobs/s");
            ctx.note("jobrunr: workerCount=%d, pollInterval 5 s (its minimum; default 15 s), PostgresStorageProvider"
                    + " creating its own tables, enqueue(Stream, lambda) for the batch, synchronous_commit off on its"
                    + " pool; pickup not measured: with"
                    + " the 5 s minimum poll it is bounded by the poll, not by the code", WORKERS);
            return tput;
        }
    }
}
