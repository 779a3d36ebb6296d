package dev.justpg.realtime.jobs;

import dev.justpg.core.json.JsonCodec;
import dev.justpg.realtime.PubSub;
import dev.justpg.realtime.jobs.internal.ClaimedJob;
import dev.justpg.realtime.jobs.internal.Engine;
import dev.justpg.realtime.jobs.internal.EngineConfig;
import dev.justpg.realtime.jobs.internal.Outcome;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers that claim and run a {@link JobQueue}'s jobs: per queue, one thread claims batches with
 * one {@code FOR UPDATE SKIP LOCKED} statement and hands them to up to {@code concurrency}
 * handlers; outcomes are written in batches; a lease renewed on the database clock marks each
 * running job as alive.
 *
 * <p>Wake-ups come by NOTIFY (one per inserting statement and queue) through the pub/sub, with
 * polling as the fallback; {@link Builder#pollOnly()} never LISTENs (PgBouncer in transaction
 * mode). Close it to stop: running handlers get up to the shutdown timeout to finish, then are
 * interrupted and their jobs handed back.
 */
public final class JobWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobWorkers.class);

    /** Default handlers per queue: 10. */
    public static final int DEFAULT_CONCURRENCY = 10;
    /** Default most jobs claimed by one statement: 100 (never more than the free handler slots). */
    public static final int DEFAULT_FETCH_SIZE = 100;
    /** Default polling period (the fallback when no NOTIFY comes, and for scheduled jobs): 1 s. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default lease: 30 s, renewed every third of it; a job whose lease runs out is rescued. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** Default timeout of one attempt for jobs without their own: 15 minutes. */
    public static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofMinutes(15);
    /**
     * Default for {@link Builder#asyncCommit}: {@code true}, claims and completions do not wait for
     * the WAL flush.
     */
    public static final boolean DEFAULT_ASYNC_COMMIT = true;
    /** Default time {@link #close()} gives running handlers to finish: 10 s. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final Engine engine;
    private final JobQueue queue;
    private final java.util.function.Consumer<String> waker;

    private JobWorkers(Engine engine, JobQueue queue) {
        this.engine = engine;
        this.queue = queue;
        this.waker = engine::wake;
        queue.addLocalWaker(waker);
    }

    /**
     * How many attempts are running in these workers now.
     *
     * @return the count
     */
    public int runningCount() {
        return engine.runningCount();
    }

    /**
     * Stops claiming, waits up to the shutdown timeout for running handlers, interrupts the rest
     * and hands their jobs back (available again, the attempt not counted), writes outstanding
     * outcomes and stops every thread. Idempotent.
     */
    @Override
    public void close() {
        queue.removeLocalWaker(waker);
        engine.close();
    }

    private record Registration<T>(Type type, JobHandler<T> handler) {
    }

    /** How late a periodic slot may still fire (a scheduler that was down skips older slots): 1 min. */
    public static final Duration DEFAULT_CRON_CATCH_UP = Duration.ofMinutes(1);

    private record Periodic(String name, CronSchedule schedule, JobRequest request) {
    }

    /** Fires each slot of a periodic job once across every scheduler sharing the table. */
    private static final class CronTicker implements Runnable {
        private final JobQueue queue;
        private final Periodic p;
        private Instant lastSlot = Instant.EPOCH;

        CronTicker(JobQueue queue, Periodic p) {
            this.queue = queue;
            this.p = p;
        }

        @Override
        public void run() {
            Instant now = Instant.now();
            Instant slot = null;
            for (Instant t = p.schedule().next(now.minus(DEFAULT_CRON_CATCH_UP)); t != null && !t.isAfter(now);
                    t = p.schedule().next(t)) {
                slot = t;
            }
            if (slot == null || !slot.isAfter(lastSlot)) {
                return;
            }
            Instant fire = slot;
            queue.db().useTransaction(tx -> {
                boolean mine = !tx.query("insert into " + queue.sql().cronTable + " (name, slot) values (?, ?)"
                        + " on conflict do nothing returning 1", r -> 1, p.name(),
                        java.sql.Timestamp.from(fire)).isEmpty();
                if (mine) {
                    long id = queue.enqueue(tx, p.request()).id();
                    tx.update("update " + queue.sql().cronTable + " set job_id = ? where name = ? and slot = ?", id,
                            p.name(), java.sql.Timestamp.from(fire));
                }
            });
            lastSlot = slot;
        }
    }

    /** Builds and starts {@link JobWorkers}; from {@link JobQueue#workers()}. */
    public static final class Builder {

        private final JobQueue queue;
        private final Map<String, Registration<?>> handlers = new HashMap<>();
        private final Map<String, Integer> queues = new LinkedHashMap<>();
        private final Map<String, Periodic> periodic = new LinkedHashMap<>();
        private Executor executor;
        private ThreadFactory threadFactory;
        private PubSub pubSub;
        private boolean pollOnly;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int fetchSize = DEFAULT_FETCH_SIZE;
        private Duration lease = DEFAULT_LEASE;
        private Duration jobTimeout = DEFAULT_JOB_TIMEOUT;
        private Backoff backoff = Backoff.DEFAULT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private JobListener listener = JobListener.NONE;
        private String workerId;
        private boolean asyncCommit = DEFAULT_ASYNC_COMMIT;

        Builder(JobQueue queue) {
            this.queue = queue;
        }

        /**
         * Registers the handler of a kind.
         *
         * @param kind the kind
         * @param argsType the class the arguments decode to
         * @param handler the handler
         * @param <T> the arguments' type
         * @return this builder
         */
        public <T> Builder handle(String kind, Class<T> argsType, JobHandler<T> handler) {
            return handle(kind, (Type) argsType, handler);
        }

        /**
         * Registers the handler of a kind with a generic argument type.
         *
         * @param kind the kind
         * @param argsType the type the arguments decode to
         * @param handler the handler
         * @param <T> the arguments' type
         * @return this builder
         */
        public <T> Builder handle(String kind, Type argsType, JobHandler<T> handler) {
            Objects.requireNonNull(kind, "kind must not be null");
            Objects.requireNonNull(argsType, "argsType must not be null");
            Objects.requireNonNull(handler, "handler must not be null");
            if (handlers.putIfAbsent(kind, new Registration<>(argsType, handler)) != null) {
                throw new IllegalArgumentException("a handler for kind '" + kind + "' is registered already");
            }
            return this;
        }

        /**
         * Enqueues a job on a cron schedule. Any number of workers, in any number of JVMs, may
         * declare the same periodic job: each slot fires once, claimed by inserting
         * {@code (name, slot)} into the cron table in the transaction that enqueues the job. A slot
         * is fired up to {@link #DEFAULT_CRON_CATCH_UP} late (for a scheduler that was restarting);
         * older missed slots are skipped. Schedulers check every second.
         *
         * @param name the periodic job's name, unique per queue table (1 to 200 characters)
         * @param schedule when it fires
         * @param request the job to enqueue at each slot
         * @return this builder
         */
        public Builder periodic(String name, CronSchedule schedule, JobRequest request) {
            Objects.requireNonNull(name, "periodic name must not be null");
            if (name.isEmpty() || name.length() > 200) {
                throw new IllegalArgumentException("periodic name must be 1 to 200 characters, got '" + name + "'");
            }
            Objects.requireNonNull(schedule, "schedule must not be null");
            Objects.requireNonNull(request, "request must not be null");
            if (periodic.putIfAbsent(name, new Periodic(name, schedule, request)) != null) {
                throw new IllegalArgumentException("a periodic job named '" + name + "' is declared already");
            }
            return this;
        }

        /**
         * Works a queue with up to this many handlers at once (without any call, the
         * {@code default} queue with {@link #DEFAULT_CONCURRENCY}).
         *
         * @param name the queue
         * @param concurrency 1 to 10,000
         * @return this builder
         */
        public Builder queue(String name, int concurrency) {
            Objects.requireNonNull(name, "queue name must not be null");
            if (concurrency < 1 || concurrency > 10_000) {
                throw new IllegalArgumentException("concurrency of queue '" + name + "' must be 1 to 10000, got "
                        + concurrency);
            }
            queues.put(name, concurrency);
            return this;
        }

        /**
         * Runs handlers on the caller's executor instead of justpg's named daemon threads. It must
         * run at least the sum of the queues' concurrency at once.
         *
         * @param value the executor
         * @return this builder
         */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor must not be null");
            return this;
        }

        /**
         * Makes justpg's threads (claiming, completing, maintenance, and handlers unless an
         * executor is given) with the caller's factory.
         *
         * @param value the factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory value) {
            this.threadFactory = Objects.requireNonNull(value, "threadFactory must not be null");
            return this;
        }

        /**
         * Listens for wake-ups on this pub/sub instead of one made for these workers.
         *
         * @param value the pub/sub (not closed by the workers)
         * @return this builder
         */
        public Builder pubSub(PubSub value) {
            this.pubSub = Objects.requireNonNull(value, "pubSub must not be null");
            return this;
        }

        /**
         * Never LISTEN; find work by polling only. For PgBouncer in transaction mode, where a
         * LISTEN does not survive the transaction. Lower the {@link #pollInterval} to taste.
         *
         * @return this builder
         */
        public Builder pollOnly() {
            this.pollOnly = true;
            return this;
        }

        /**
         * The polling period (default {@link #DEFAULT_POLL_INTERVAL}).
         *
         * @param value 1 ms or more
         * @return this builder
         */
        public Builder pollInterval(Duration value) {
            this.pollInterval = Objects.requireNonNull(value, "pollInterval must not be null");
            return this;
        }

        /**
         * The most jobs one claim asks for (default {@link #DEFAULT_FETCH_SIZE}).
         *
         * @param value 1 to 10,000
         * @return this builder
         */
        public Builder fetchSize(int value) {
            this.fetchSize = value;
            return this;
        }

        /**
         * The lease (default {@link #DEFAULT_LEASE}): renewed every third of it while a handler runs;
         * when a worker dies, its jobs are rescued after at most about 1.5 leases.
         *
         * @param value 300 ms or more
         * @return this builder
         */
        public Builder lease(Duration value) {
            this.lease = Objects.requireNonNull(value, "lease must not be null");
            return this;
        }

        /**
         * The timeout of jobs that have none of their own (default {@link #DEFAULT_JOB_TIMEOUT}).
         *
         * @param value more than zero
         * @return this builder
         */
        public Builder jobTimeout(Duration value) {
            this.jobTimeout = Objects.requireNonNull(value, "jobTimeout must not be null");
            return this;
        }

        /**
         * The retry backoff (default {@link Backoff#DEFAULT}).
         *
         * @param value the backoff
         * @return this builder
         */
        public Builder backoff(Backoff value) {
            this.backoff = Objects.requireNonNull(value, "backoff must not be null");
            return this;
        }

        /**
         * How long {@link JobWorkers#close()} waits for running handlers (default
         * {@link #DEFAULT_SHUTDOWN_TIMEOUT}).
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = Objects.requireNonNull(value, "shutdownTimeout must not be null");
            return this;
        }

        /**
         * The listener (default {@link JobListener#NONE}).
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(JobListener value) {
            this.listener = Objects.requireNonNull(value, "listener must not be null");
            return this;
        }

        /**
         * Whether claims and completions commit without waiting for the WAL flush
         * ({@code synchronous_commit = off}, set by each statement for its own transaction, never
         * on the session; default {@link #DEFAULT_ASYNC_COMMIT}). Enqueues are untouched: they follow your transaction's
         * setting. A server crash may undo the last fraction of a second of claims and
         * completions; the jobs concerned then run again, which at-least-once delivery allows.
         * Set {@code false} to wait for every flush (fewer re-runs after a crash, slower).
         *
         * @param value {@code true} for asynchronous commits
         * @return this builder
         */
        public Builder asyncCommit(boolean value) {
            this.asyncCommit = value;
            return this;
        }

        /**
         * The name recorded on claimed jobs (default host, process id and a random suffix).
         *
         * @param value 1 to 200 characters
         * @return this builder
         */
        public Builder workerId(String value) {
            this.workerId = Objects.requireNonNull(value, "workerId must not be null");
            return this;
        }

        /**
         * Validates and starts the workers.
         *
         * @return the running workers
         * @throws IllegalArgumentException naming a bad setting
         */
        public JobWorkers start() {
            if (handlers.isEmpty()) {
                throw new IllegalArgumentException("handle: register at least one handler");
            }
            if (pollInterval.toMillis() < 1) {
                throw new IllegalArgumentException("pollInterval must be at least 1 ms, got " + pollInterval);
            }
            if (fetchSize < 1 || fetchSize > 10_000) {
                throw new IllegalArgumentException("fetchSize must be 1 to 10000, got " + fetchSize);
            }
            if (lease.toMillis() < 300) {
                throw new IllegalArgumentException("lease must be at least 300 ms, got " + lease);
            }
            if (jobTimeout.isZero() || jobTimeout.isNegative()) {
                throw new IllegalArgumentException("jobTimeout must be more than zero, got " + jobTimeout);
            }
            if (shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative, got " + shutdownTimeout);
            }
            if (workerId != null && (workerId.isEmpty() || workerId.length() > 200)) {
                throw new IllegalArgumentException("workerId must be 1 to 200 characters");
            }
            Map<String, Integer> qs = queues.isEmpty() ? Map.of(JobRequest.DEFAULT_QUEUE, DEFAULT_CONCURRENCY)
                    : new LinkedHashMap<>(queues);
            String id = workerId != null ? workerId : defaultWorkerId();
            Map<String, Registration<?>> hs = Map.copyOf(handlers);
            JsonCodec json = queue.json();
            Engine[] engine = new Engine[1];
            EngineConfig cfg = new EngineConfig(queue.db(), queue.sql(), Map.copyOf(qs), executor, threadFactory,
                    pubSub, pollOnly, pollInterval, fetchSize, lease, jobTimeout, backoff, shutdownTimeout,
                    queue.keepCompleted(), queue.keepFinished(), listener,
                    j -> run(engine[0], hs, json, j), id, asyncCommit);
            engine[0] = new Engine(cfg);
            LOG.info("justpg JobWorkers {}: queues={}, kinds={}, {}, pollInterval={}, fetchSize={}, lease={},"
                            + " jobTimeout={}, backoff={}, shutdownTimeout={}, asyncCommit={}, handlers on {}", id, qs,
                    new java.util.TreeSet<>(hs.keySet()), pollOnly ? "poll-only" : "NOTIFY wake-ups", pollInterval,
                    fetchSize, lease, jobTimeout, backoff, shutdownTimeout, asyncCommit,
                    executor == null ? "justpg threads" : "the caller's executor");
            engine[0].start();
            for (Periodic p : periodic.values()) {
                engine[0].every("periodic " + p.name(), 1_000, new CronTicker(queue, p));
            }
            if (!periodic.isEmpty()) {
                LOG.info("justpg JobWorkers {}: periodic jobs {}", id, periodic.values().stream()
                        .map(p -> p.name() + " (" + p.schedule() + " -> " + p.request().kind() + ")").toList());
            }
            return new JobWorkers(engine[0], queue);
        }

        private static String defaultWorkerId() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "unknown-host";
            }
            return host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":"
                    + UUID.randomUUID().toString().substring(0, 8);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Outcome run(Engine engine, Map<String, Registration<?>> hs, JsonCodec json, ClaimedJob j)
                throws RuntimeException {
            Registration reg = hs.get(j.kind);
            if (reg == null) {
                return engine.retryOrDiscard(j, "no handler for kind '" + j.kind + "' in worker; known kinds: "
                        + new java.util.TreeSet<>(hs.keySet()) + " (deploy a worker that handles it)", null);
            }
            Object args;
            BatchOutcome batch = null;
            try {
                args = json.decode(j.argsJson, reg.type());
                if (j.argsJson.contains("\"justpgBatch\"")) {
                    Map<String, Object> m = json.decode(j.argsJson, Map.class);
                    Object b = m.get("justpgBatch");
                    if (b instanceof Map<?, ?> bm) {
                        batch = new BatchOutcome(num(bm.get("id")), (int) num(bm.get("total")),
                                (int) num(bm.get("succeeded")), (int) num(bm.get("failed")),
                                (int) num(bm.get("cancelled")));
                    }
                }
            } catch (RuntimeException e) {
                return engine.retryOrDiscard(j, "the arguments do not decode to " + reg.type().getTypeName() + ": "
                        + Outcome.describe(e), Outcome.stackHead(e));
            }
            Job job = new Job(j, args, batch);
            try {
                reg.handler().handle(job);
            } catch (Throwable t) {
                return engine.failure(j, t);
            }
            return switch (job.decision()) {
                case COMPLETE -> Outcome.complete(j);
                case SNOOZE -> new Outcome(j, Outcome.Type.SNOOZE, job.snoozeDelay().toMillis(), null, null);
                case RETRY_NOW -> j.attempt >= j.maxAttempts
                        ? new Outcome(j, Outcome.Type.DISCARD, 0, job.reason(), null)
                        : new Outcome(j, Outcome.Type.RETRY, 0, job.reason(), null);
                case DISCARD -> new Outcome(j, Outcome.Type.DISCARD, 0, "discarded by the handler: " + job.reason(),
                        null);
            };
        }

        private static long num(Object o) {
            return o instanceof Number n ? n.longValue() : 0;
        }
    }
}
