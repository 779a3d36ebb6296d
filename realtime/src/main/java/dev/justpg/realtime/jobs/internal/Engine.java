package dev.justpg.realtime.jobs.internal;

import dev.justpg.core.JustPgException;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.realtime.Channel;
import dev.justpg.realtime.Message;
import dev.justpg.realtime.PubSub;
import dev.justpg.realtime.Resync;
import dev.justpg.realtime.Subscriber;
import dev.justpg.realtime.Subscription;
import dev.justpg.realtime.jobs.JobListener;
import dev.justpg.realtime.jobs.JobState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker engine: one fetcher thread per queue claims batches, handlers run on the executor,
 * one completer thread writes outcomes in batches, one maintenance thread renews leases, rescues
 * expired ones, enforces timeouts and prunes.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** The longest a fetcher with a backlog waits to gather free slots into one claim: 2 ms. */
    private static final long GATHER_NANOS = 2_000_000L;
    /** Claiming threads (and connections) per queue: 2. */
    private static final int CLAIMERS = 2;
    /** How often running jobs are checked against their timeouts: 50 ms. */
    private static final long TIMEOUT_SWEEP_MS = 50;
    /** Jobs shorter than this on average (5 ms) may be claimed a full fetch ahead. */
    private static final long FAST_JOB_NANOS = 5_000_000L;

    private final EngineConfig cfg;
    private final int instance = INSTANCES.incrementAndGet();
    private final Map<String, Fetcher> fetchers = new LinkedHashMap<>();
    private final Map<Long, ClaimedJob> running = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final List<ExecutorService> ownPools = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ScheduledExecutorService maintenance;
    private final Thread completer;
    private PubSub ownPubSub;
    private volatile boolean stopping;
    private volatile boolean completerStop;
    private volatile boolean closed;

    /**
     * Builds the engine; {@link #start()} starts it.
     *
     * @param cfg the configuration
     */
    public Engine(EngineConfig cfg) {
        this.cfg = cfg;
        ScheduledThreadPoolExecutor m = new ScheduledThreadPoolExecutor(1, threads("maintenance"));
        m.setRemoveOnCancelPolicy(true);
        this.maintenance = m;
        this.completer = threads("complete").newThread(this::completeLoop);
        for (Map.Entry<String, Integer> q : cfg.queues().entrySet()) {
            Executor ex = cfg.executor();
            if (ex == null) {
                ExecutorService pool = Executors.newFixedThreadPool(q.getValue(), threads("run-" + q.getKey()));
                ownPools.add(pool);
                ex = pool;
            }
            fetchers.put(q.getKey(), new Fetcher(q.getKey(), q.getValue(), ex));
        }
    }

    private ThreadFactory threads(String role) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = cfg.threadFactory() != null ? cfg.threadFactory().newThread(r) : new Thread(r);
            if (cfg.threadFactory() == null) {
                t.setDaemon(true);
            }
            t.setName("justpg-jobs-" + instance + "-" + role + "-" + n.incrementAndGet());
            return t;
        };
    }

    /** Starts listening (unless poll-only), the fetchers, the completer and maintenance. */
    public void start() {
        if (!cfg.pollOnly()) {
            listen();
        }
        completer.start();
        for (Fetcher f : fetchers.values()) {
            f.start();
        }
        long beat = Math.max(50, cfg.lease().toMillis() / 3);
        maintenance.scheduleWithFixedDelay(() -> guard("heartbeat", this::heartbeat), beat, beat, TimeUnit.MILLISECONDS);
        long rescue = Math.max(100, cfg.lease().toMillis() / 2);
        maintenance.scheduleWithFixedDelay(() -> guard("rescue", this::rescue), rescue / 4, rescue, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(() -> guard("prune", this::prune), 5, 60, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(() -> guard("timeouts", this::sweepTimeouts), TIMEOUT_SWEEP_MS,
                TIMEOUT_SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    private void listen() {
        PubSub ps = cfg.pubSub();
        try {
            if (ps == null) {
                ownPubSub = PubSub.builder(cfg.db()).build();
                ps = ownPubSub;
            }
            subscriptions.add(ps.subscribe(Channel.text(cfg.sql().wakeChannel), new Subscriber<String>() {
                @Override
                public void onMessage(Message<String> message) {
                    Fetcher f = fetchers.get(message.payload());
                    if (f != null) {
                        f.wake();
                    }
                }

                @Override
                public void onResync(Resync resync) {
                    fetchers.values().forEach(Fetcher::wake);
                }
            }));
            subscriptions.add(ps.subscribe(Channel.text(cfg.sql().cancelChannel), m -> {
                try {
                    ClaimedJob j = running.get(Long.parseLong(m.payload()));
                    if (j != null) {
                        j.requestStop(ClaimedJob.Stop.CANCELLED);
                    }
                } catch (NumberFormatException ignored) {
                    // not ours
                }
            }));
        } catch (JustPgException e) {
            LOG.warn("justpg jobs: cannot LISTEN ({}); polling every {} instead. Behind PgBouncer in transaction"
                    + " mode, use pollOnly() to skip this attempt", e.getMessage(), cfg.pollInterval());
            report("listen", e);
        }
    }

    private void report(String activity, Exception e) {
        try {
            cfg.listener().onError(activity, e);
        } catch (RuntimeException ex) {
            LOG.warn("justpg jobs: listener.onError threw", ex);
        }
    }

    private void guard(String activity, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.warn("justpg jobs: {} failed; trying again later: {}", activity, e.getMessage());
                report(activity, e);
            }
        }
    }

    /**
     * Runs a task on the maintenance thread every period, guarded (a failure is logged, reported
     * and the task runs again next period).
     *
     * @param activity the task's name for logs
     * @param periodMs the period
     * @param task the task
     */
    public void every(String activity, long periodMs, Runnable task) {
        maintenance.scheduleWithFixedDelay(() -> guard(activity, task), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Wakes the fetcher of a queue (a job was just committed in this JVM).
     *
     * @param queue the queue
     */
    public void wake(String queue) {
        Fetcher f = fetchers.get(queue);
        if (f != null) {
            f.wake();
        }
    }

    /**
     * The number of attempts running in this engine.
     *
     * @return the count
     */
    public int runningCount() {
        return running.size();
    }

    // ---------------------------------------------------------------- fetch and run

    /**
     * One queue: a thread that claims batches into a local queue, and up to {@code concurrency}
     * runner tasks on the executor that take jobs from it one after another (a runner that
     * finishes a job starts the next without a hand-off).
     */
    private final class Fetcher {
        final String queue;
        final int concurrency;
        final Executor executor;
        final List<Claimer> claimers = new ArrayList<>();
        volatile long avgRunNanos = FAST_JOB_NANOS * 10;
        final java.util.concurrent.ConcurrentLinkedQueue<ClaimedJob> local =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Jobs claimed (or being claimed) and not finished. */
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger runners = new AtomicInteger();

        Fetcher(String queue, int concurrency, Executor executor) {
            this.queue = queue;
            this.concurrency = concurrency;
            this.executor = executor;
            // Two claimers: while one claim commits, the other can claim, as the completer writes.
            // A queue worked one job at a time keeps one, so that its jobs start in claim order.
            for (int i = 0; i < (concurrency == 1 ? 1 : CLAIMERS); i++) {
                claimers.add(new Claimer());
            }
        }

        void start() {
            claimers.forEach(c -> c.thread.start());
        }

        void unparkAll() {
            for (Claimer c : claimers) {
                java.util.concurrent.locks.LockSupport.unpark(c.thread);
            }
        }

        void join(long deadline) {
            for (Claimer c : claimers) {
                Engine.join(c.thread, deadline);
            }
        }

        /**
         * Claimed jobs this worker may hold beyond its running ones. Fast jobs (under
         * {@link #FAST_JOB_NANOS} on average) may wait up to a full fetch, so that each statement
         * claims a large batch; slower jobs at most one round of handlers, so that a worker does
         * not hoard a backlog other workers could run.
         */
        int extra() {
            return avgRunNanos < FAST_JOB_NANOS ? cfg.fetchSize() : Math.min(cfg.fetchSize(), concurrency);
        }

        int holdLimit() {
            return concurrency + extra();
        }

        /** The smallest claim worth a statement while jobs are still waiting locally. */
        int threshold() {
            return Math.max(1, extra() / 2);
        }

        void wake() {
            for (Claimer c : claimers) {
                c.wakeRequested = true;
            }
            unparkAll();
        }

        /** One claiming thread of a queue, with its own connection. */
        private final class Claimer implements Runnable {
            final Thread thread;
            volatile boolean wakeRequested;
            long gatherSince;
            Connection connection;

            Claimer() {
                this.thread = threads("fetch-" + queue).newThread(this);
            }

            @Override
            public void run() {
                long pollNanos = cfg.pollInterval().toNanos();
                long nextPoll = System.nanoTime() + pollNanos;
                boolean more = true;
                long failures = 0;
                while (!stopping) {
                    if (wakeRequested) {
                        wakeRequested = false;
                        more = true;
                    }
                    long now = System.nanoTime();
                    if (now - nextPoll >= 0) {
                        more = true;
                        nextPoll = now + pollNanos;
                    }
                    int h = held.get();
                    int ask = Math.min(cfg.fetchSize(), holdLimit() - h);
                    boolean idleSlots = local.isEmpty() && h < concurrency;
                    boolean claimNow = more && ask > 0
                            && (ask >= threshold() || idleSlots && (h == 0 || gatherWaited(now)));
                    if (!claimNow) {
                        long until = nextPoll - now;
                        if (more && ask > 0 && idleSlots) {
                            until = Math.min(until, GATHER_NANOS);
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(this, Math.max(0, until));
                        continue;
                    }
                    gatherSince = 0;
                    if (!held.compareAndSet(h, h + ask)) {
                        continue; // the other claimer moved first: look again
                    }
                    List<ClaimedJob> got;
                    try {
                        if (connection == null) {
                            connection = openWorkConnection();
                        }
                        got = claim(connection, ask);
                        failures = 0;
                    } catch (SQLException | RuntimeException e) {
                        held.addAndGet(-ask);
                        closeQuietly();
                        if (stopping) {
                            break;
                        }
                        failures++;
                        long pause = Math.min(5_000, 50L << Math.min(failures, 7));
                        LOG.warn("justpg jobs: claiming from queue '{}' failed (attempt {}); retrying in {} ms: {}",
                                queue, failures, pause, e.getMessage());
                        report("claim", e instanceof Exception ? (Exception) e : new RuntimeException(e));
                        sleep(pause);
                        continue;
                    }
                    more = got.size() == ask;
                    held.addAndGet(got.size() - ask);
                    if (!got.isEmpty()) {
                        safe(() -> cfg.listener().onClaimed(queue, got.size()));
                        for (ClaimedJob j : got) {
                            running.put(j.id, j);
                            local.add(j);
                        }
                        ensureRunners();
                    }
                }
                for (ClaimedJob j = local.poll(); j != null; j = local.poll()) {
                    release(j);
                }
                closeQuietly();
            }

            private boolean gatherWaited(long now) {
                if (gatherSince == 0) {
                    gatherSince = now;
                }
                return now - gatherSince >= GATHER_NANOS;
            }

            void closeQuietly() {
                closeWorkConnection(connection);
                connection = null;
            }
        }

        private int release(ClaimedJob j) {
            running.remove(j.id);
            if (j.resolved.compareAndSet(false, true)) {
                outcomes.add(new Outcome(j, Outcome.Type.RELEASE, 0, null, null));
            }
            return held.decrementAndGet();
        }

        private void ensureRunners() {
            while (true) {
                int r = runners.get();
                if (r >= concurrency || r >= local.size()) {
                    return;
                }
                if (runners.compareAndSet(r, r + 1)) {
                    try {
                        executor.execute(this::runnerLoop);
                    } catch (RejectedExecutionException e) {
                        runners.decrementAndGet();
                        LOG.warn("justpg jobs: the executor refused a runner for queue '{}'; {} jobs wait for"
                                + " a free one", queue, local.size());
                        return;
                    }
                }
            }
        }

        private void runnerLoop() {
            while (true) {
                ClaimedJob j = local.poll();
                if (j == null) {
                    runners.decrementAndGet();
                    if (local.isEmpty()) {
                        return;
                    }
                    // A job arrived after the poll: carry on if a runner slot is still free.
                    if (runners.incrementAndGet() > concurrency) {
                        runners.decrementAndGet();
                        return;
                    }
                    continue;
                }
                int h;
                if (stopping) {
                    h = release(j);
                } else {
                    long t0 = System.nanoTime();
                    runJob(j);
                    avgRunNanos += (System.nanoTime() - t0 - avgRunNanos) / 16;
                    running.remove(j.id);
                    h = held.decrementAndGet();
                }
                // Each count is seen by exactly one runner: wake the claimer where a claim is due.
                if (h == 0 || holdLimit() - h == threshold() || h == concurrency - 1) {
                    unparkAll();
                }
            }
        }

        private List<ClaimedJob> claim(Connection connection, int ask) throws SQLException {
            List<ClaimedJob> out = new ArrayList<>(ask);
            try (PreparedStatement ps = connection.prepareStatement(cfg.asyncCommit() ? cfg.sql().claimAsync
                    : cfg.sql().claim)) {
                int p = 1;
                ps.setString(p++, queue);
                ps.setString(p++, queue);
                ps.setInt(p++, ask);
                ps.setLong(p++, cfg.lease().toMillis());
                ps.setString(p, cfg.workerId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Array tags = rs.getArray(11);
                        out.add(new ClaimedJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8),
                                rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(),
                                tags == null ? List.of() : List.of((String[]) tags.getArray()), rs.getLong(12)));
                    }
                }
            }
            out.sort((a, b) -> a.priority != b.priority ? Integer.compare(a.priority, b.priority)
                    : a.runAt.compareTo(b.runAt) != 0 ? a.runAt.compareTo(b.runAt) : Long.compare(a.id, b.id));
            return out;
        }

    }

    private void runJob(ClaimedJob j) {
        if (j.resolved.get()) {
            return; // timed out or lost its lease while waiting for a runner: not ours to run
        }
        j.thread = Thread.currentThread();
        j.startNanos = System.nanoTime();
        long timeout = j.timeoutMs > 0 ? j.timeoutMs : cfg.defaultTimeout().toMillis();
        j.deadlineNanos = j.startNanos + TimeUnit.MILLISECONDS.toNanos(timeout);
        Outcome o;
        try {
            if (j.stop != ClaimedJob.Stop.NONE) {
                throw new InterruptedException("stopped before it started: " + j.stop);
            }
            o = cfg.runner().apply(j);
        } catch (Throwable t) {
            o = failure(j, t);
        } finally {
            j.thread = null;
            j.deadlineNanos = 0;
            Thread.interrupted();
        }
        if (j.resolved.compareAndSet(false, true)) {
            outcomes.add(o);
        }
    }

    /**
     * The outcome of an attempt that threw, given why it may have been told to stop.
     *
     * @param j the job
     * @param t what it threw
     * @return the outcome
     */
    public Outcome failure(ClaimedJob j, Throwable t) {
        return switch (j.stop) {
            case CANCELLED -> new Outcome(j, Outcome.Type.CANCEL, 0, "cancelled while running: " + Outcome.describe(t),
                    Outcome.stackHead(t));
            case SHUTDOWN -> new Outcome(j, Outcome.Type.RELEASE, 0, null, null);
            default -> retryOrDiscard(j, Outcome.describe(t), Outcome.stackHead(t));
        };
    }

    /**
     * A failed attempt: retried after the backoff, or discarded when the attempts are used up.
     *
     * @param j the job
     * @param error the error text
     * @param stack the stack head
     * @return the outcome
     */
    public Outcome retryOrDiscard(ClaimedJob j, String error, String stack) {
        if (j.attempt >= j.maxAttempts) {
            return new Outcome(j, Outcome.Type.DISCARD, 0, error, stack);
        }
        return new Outcome(j, Outcome.Type.RETRY, cfg.backoff().delay(j.attempt).toMillis(), error, stack);
    }

    private void sweepTimeouts() {
        long now = System.nanoTime();
        for (ClaimedJob j : running.values()) {
            long deadline = j.deadlineNanos;
            if (deadline != 0 && now - deadline > 0) {
                timeOut(j, j.timeoutMs > 0 ? j.timeoutMs : cfg.defaultTimeout().toMillis());
            }
        }
    }

    private void timeOut(ClaimedJob j, long timeoutMs) {
        if (j.resolved.compareAndSet(false, true)) {
            j.requestStop(ClaimedJob.Stop.TIMED_OUT);
            outcomes.add(retryOrDiscard(j, "timed out after " + timeoutMs + " ms (the handler was interrupted)", null));
        }
    }

    private static void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("justpg jobs: a listener threw", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- complete

    private void completeLoop() {
        Connection c = null;
        long failures = 0;
        List<Outcome> batch = new ArrayList<>();
        while (true) {
            if (batch.isEmpty()) {
                try {
                    Outcome first = outcomes.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (completerStop) {
                            break;
                        }
                        continue;
                    }
                    batch.add(first);
                } catch (InterruptedException e) {
                    if (completerStop) {
                        break;
                    }
                    continue;
                }
                outcomes.drainTo(batch, 5_000);
            }
            try {
                if (c == null) {
                    c = openWorkConnection();
                }
                write(c, batch);
                failures = 0;
                batch.clear();
            } catch (SQLException | RuntimeException e) {
                closeWorkConnection(c);
                c = null;
                if (completerStop) {
                    LOG.warn("justpg jobs: {} outcomes could not be written before shutdown; those jobs will be"
                            + " rescued when their lease runs out: {}", batch.size(), e.getMessage());
                    break;
                }
                failures++;
                long pause = Math.min(5_000, 50L << Math.min(failures, 7));
                LOG.warn("justpg jobs: writing {} outcomes failed (attempt {}); retrying in {} ms: {}",
                        batch.size(), failures, pause, e.getMessage());
                report("complete", e instanceof Exception ? (Exception) e : new RuntimeException(e));
                sleep(pause);
            }
        }
        closeWorkConnection(c);
    }

    /**
     * A connection for claims or completions, held while the workers run. Async commit is set per
     * transaction by the statements themselves, never on the session.
     */
    private Connection openWorkConnection() throws SQLException {
        Connection c = cfg.db().dataSource().getConnection();
        try {
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private static void closeWorkConnection(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // gone already
        }
    }

    private void write(Connection c, List<Outcome> batch) throws SQLException {
        List<Outcome> done = new ArrayList<>();
        List<Outcome> other = new ArrayList<>();
        List<Long> release = new ArrayList<>();
        for (Outcome o : batch) {
            switch (o.type()) {
                case COMPLETE -> done.add(o);
                case RELEASE -> release.add(o.job().id);
                default -> other.add(o);
            }
        }
        boolean tx = batch.size() > 1 && (other.size() + (done.isEmpty() ? 0 : 1) + (release.isEmpty() ? 0 : 1)) > 1
                || cfg.asyncCommit() && (!other.isEmpty() || !release.isEmpty());
        c.setAutoCommit(!tx);
        try {
            if (tx && cfg.asyncCommit()) {
                try (PreparedStatement ps = c.prepareStatement(JobSql.ASYNC_COMMIT_NOW)) {
                    ps.executeQuery().close();
                }
            }
            if (!done.isEmpty()) {
                Long[] ids = new Long[done.size()];
                Short[] attempts = new Short[done.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = done.get(i).job().id;
                    attempts[i] = (short) done.get(i).job().attempt;
                }
                String s = cfg.keepCompleted().isZero()
                        ? (cfg.asyncCommit() ? cfg.sql().completeDeleteAsync : cfg.sql().completeDelete)
                        : (cfg.asyncCommit() ? cfg.sql().completeKeepAsync : cfg.sql().completeKeep);
                try (PreparedStatement ps = c.prepareStatement(s)) {
                    ps.setArray(1, c.createArrayOf("int8", ids));
                    ps.setArray(2, c.createArrayOf("int2", attempts));
                    ps.executeQuery().close();
                }
            }
            for (Outcome o : other) {
                String state = switch (o.type()) {
                    case RETRY, SNOOZE -> "available";
                    case DISCARD -> "discarded";
                    default -> "cancelled";
                };
                try (PreparedStatement ps = c.prepareStatement(cfg.sql().finish)) {
                    ps.setString(1, state);
                    ps.setLong(2, o.delayMs());
                    ps.setInt(3, o.type() == Outcome.Type.SNOOZE ? -1 : 0);
                    ps.setString(4, o.error());
                    ps.setString(5, o.stack());
                    ps.setLong(6, o.job().id);
                    ps.setShort(7, (short) o.job().attempt);
                    ps.executeQuery().close();
                }
            }
            if (!release.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(cfg.sql().release)) {
                    ps.setArray(1, c.createArrayOf("int8", release.toArray()));
                    ps.setString(2, cfg.workerId());
                    ps.executeUpdate();
                }
            }
            if (tx) {
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (tx) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is closed by the caller
                }
            }
            throw e;
        }
        completed(done);
        for (Outcome o : other) {
            ClaimedJob j = o.job();
            JobState next = switch (o.type()) {
                case RETRY, SNOOZE -> JobState.AVAILABLE;
                case DISCARD -> JobState.DISCARDED;
                default -> JobState.CANCELLED;
            };
            safe(() -> cfg.listener().onAttemptEnded(j.queue, j.kind, j.id, j.attempt, next, o.error()));
        }
    }

    private void completed(List<Outcome> done) {
        if (cfg.listener() == JobListener.NONE) {
            return;
        }
        for (Outcome o : done) {
            ClaimedJob j = o.job();
            safe(() -> cfg.listener().onCompleted(j.queue, j.kind, j.id,
                    Duration.ofNanos(System.nanoTime() - j.startNanos)));
        }
    }

    // ---------------------------------------------------------------- maintenance

    private void heartbeat() {
        if (running.isEmpty()) {
            return;
        }
        List<ClaimedJob> jobs = new ArrayList<>(running.values());
        Long[] ids = jobs.stream().map(j -> j.id).toArray(Long[]::new);
        Map<Long, Boolean> renewed = new java.util.HashMap<>();
        cfg.db().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(cfg.sql().heartbeat)) {
                ps.setLong(1, cfg.lease().toMillis());
                ps.setArray(2, c.createArrayOf("int8", ids));
                ps.setString(3, cfg.workerId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        renewed.put(rs.getLong(1), rs.getBoolean(2));
                    }
                }
            } catch (SQLException e) {
                throw Jdbc.failure(cfg.sql().heartbeat, e);
            }
            return null;
        });
        for (ClaimedJob j : jobs) {
            Boolean cancel = renewed.get(j.id);
            if (cancel == null) {
                if (!j.resolved.get() && running.containsKey(j.id) && j.resolved.compareAndSet(false, true)) {
                    LOG.warn("justpg jobs: lost the lease of job {} (it ran past the lease without a renewal);"
                            + " telling its handler to stop", j.id);
                    j.requestStop(ClaimedJob.Stop.LEASE_LOST);
                }
            } else if (cancel) {
                j.requestStop(ClaimedJob.Stop.CANCELLED);
            }
        }
    }

    private void rescue() {
        Duration base = cfg.backoff().base();
        int total = 0;
        while (true) {
            int n = cfg.db().withConnection(c -> Jdbc.query(c, cfg.sql().rescue, r -> r.getLong(1),
                    (double) cfg.backoff().max().toMillis(), (double) base.toMillis(), cfg.backoff().jitter()).size());
            total += n;
            if (n < 500 || stopping) {
                break;
            }
        }
        if (total > 0) {
            LOG.warn("justpg jobs: rescued {} jobs whose workers stopped renewing their leases", total);
            int count = total;
            safe(() -> cfg.listener().onRescued(count));
        }
    }

    private void prune() {
        if (!cfg.keepCompleted().isZero()) {
            pruneState("completed", cfg.keepCompleted());
        }
        pruneState("discarded', 'cancelled", cfg.keepFinished());
        cfg.db().execute("delete from " + cfg.sql().cronTable + " where fired_at < now() - interval '7 days'");
    }

    private void pruneState(String states, Duration keep) {
        String sql = "delete from " + cfg.sql().table + " where id in (select id from " + cfg.sql().table
                + " where finished_at < now() - ? * interval '1 millisecond' and state in ('" + states + "')"
                + " order by finished_at limit 1000)";
        int n;
        do {
            n = cfg.db().execute(sql, keep.toMillis());
        } while (n == 1000 && !stopping);
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Stops claiming, waits for running attempts up to the shutdown timeout, tells the rest to
     * stop and hands their jobs back, writes the outcomes, and stops every thread.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + cfg.shutdownTimeout().toNanos();
        stopping = true;
        for (Subscription s : subscriptions) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a subscription failed", e);
            }
        }
        if (ownPubSub != null) {
            ownPubSub.close();
        }
        for (Fetcher f : fetchers.values()) {
            f.unparkAll();
        }
        for (Fetcher f : fetchers.values()) {
            f.join(deadline);
        }
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            sleep(5);
        }
        Set<Long> left = new HashSet<>(running.keySet());
        for (ClaimedJob j : new ArrayList<>(running.values())) {
            if (j.resolved.compareAndSet(false, true)) {
                j.requestStop(ClaimedJob.Stop.SHUTDOWN);
                outcomes.add(new Outcome(j, Outcome.Type.RELEASE, 0, null, null));
            }
        }
        if (!left.isEmpty()) {
            LOG.warn("justpg jobs: {} jobs still running at shutdown were told to stop and handed back: {}",
                    left.size(), left.size() > 20 ? left.size() + " ids" : Arrays.toString(left.toArray()));
        }
        completerStop = true;
        completer.interrupt();
        join(completer, System.nanoTime() + Math.max(cfg.shutdownTimeout().toNanos() / 2, 1_000_000_000L));
        maintenance.shutdownNow();
        for (ExecutorService p : ownPools) {
            p.shutdownNow();
        }
    }

    private static void join(Thread t, long deadlineNanos) {
        long ms = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        try {
            t.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
