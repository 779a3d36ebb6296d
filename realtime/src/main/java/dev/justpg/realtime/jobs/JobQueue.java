package dev.justpg.realtime.jobs;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.JustPgException;
import dev.justpg.core.Tx;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.core.json.JsonCodec;
import dev.justpg.realtime.jobs.internal.Inserter;
import dev.justpg.realtime.jobs.internal.JobSql;
import dev.justpg.realtime.jobs.internal.Migrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable job queue in one PostgreSQL table, claimed with {@code FOR UPDATE SKIP LOCKED}: the
 * entry point to enqueue, inspect and operate jobs. Workers that run them come from
 * {@link #workers()}.
 *
 * <pre>{@code
 * JobQueue jobs = JobQueue.builder(db).build();          // installs or upgrades the schema
 * jobs.enqueue("send-email", new Email("ada@example.com"));
 * db.useTransaction(tx -> {
 *     tx.update("insert into users(email) values (?)", "ada@example.com");
 *     jobs.enqueue(tx, JobRequest.of("send-email", new Email("ada@example.com")));  // only if this commits
 * });
 * try (JobWorkers workers = jobs.workers()
 *         .handle("send-email", Email.class, job -> mailer.send(job.args()))
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. It holds no connection: each call borrows one from the database,
 * or runs on the caller's transaction or connection (never committing or closing it).
 */
public final class JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

    /** Default table: {@code justpg_job} on the search path (with {@code _migration}, {@code _paused}, ... beside it). */
    public static final Identifier DEFAULT_TABLE = Identifier.of("justpg_job");
    /** Default time completed jobs are kept: zero, they are deleted as they complete. */
    public static final Duration DEFAULT_KEEP_COMPLETED = Duration.ZERO;
    /** Default time discarded and cancelled jobs are kept for inspection: 7 days. */
    public static final Duration DEFAULT_KEEP_FINISHED = Duration.ofDays(7);

    private final Database db;
    private final JobSql sql;
    private final JsonCodec json;
    private final Inserter inserter;
    private final Duration keepCompleted;
    private final Duration keepFinished;
    private final java.util.List<java.util.function.Consumer<String>> localWakers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private JobQueue(Builder b) {
        this.db = b.db;
        this.sql = new JobSql(b.table);
        this.json = b.json;
        this.inserter = new Inserter(sql, json);
        this.keepCompleted = b.keepCompleted;
        this.keepFinished = b.keepFinished;
    }

    /**
     * A builder over a database.
     *
     * @param db the database
     * @return the builder
     */
    public static Builder builder(Database db) {
        return new Builder(db);
    }

    /**
     * The DDL of every schema version, for review or for applying by hand (then build with
     * {@code migrate(false)}).
     *
     * @param table the queue table
     * @return the statements, version by version
     */
    public static List<List<String>> schemaDdl(Identifier table) {
        return Migrations.all(new JobSql(table));
    }

    /**
     * A builder for workers that run this queue's jobs.
     *
     * @return the builder
     */
    public JobWorkers.Builder workers() {
        return new JobWorkers.Builder(this);
    }

    Database db() {
        return db;
    }

    void addLocalWaker(java.util.function.Consumer<String> waker) {
        localWakers.add(waker);
    }

    void removeLocalWaker(java.util.function.Consumer<String> waker) {
        localWakers.remove(waker);
    }

    /** Wakes this JVM's workers of a queue at once, ahead of the NOTIFY (as when committed by us). */
    private void wakeLocal(String queue) {
        for (java.util.function.Consumer<String> w : localWakers) {
            w.accept(queue);
        }
    }

    JobSql sql() {
        return sql;
    }

    JsonCodec json() {
        return json;
    }

    Duration keepCompleted() {
        return keepCompleted;
    }

    Duration keepFinished() {
        return keepFinished;
    }

    // ------------------------------------------------------------------ enqueue

    /**
     * Enqueues a job of a kind with default options, committed at once.
     *
     * @param kind the kind
     * @param args the arguments
     * @return the job's id
     */
    public EnqueueResult enqueue(String kind, Object args) {
        return enqueue(JobRequest.of(kind, args));
    }

    /**
     * Enqueues a job, committed at once.
     *
     * @param request the job
     * @return the new job's id, or the existing job's on a unique-key conflict
     */
    public EnqueueResult enqueue(JobRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        inserter.encode(request);
        EnqueueResult r = db.withConnection(c -> inserter.insertOne(c, request, null));
        if (r.inserted() && request.runAt().isEmpty()) {
            wakeLocal(request.queue());
        }
        return r;
    }

    /**
     * Enqueues a job in the caller's transaction: it exists, and workers are woken, only if the
     * transaction commits.
     *
     * @param tx the transaction
     * @param request the job
     * @return the result
     */
    public EnqueueResult enqueue(Tx tx, JobRequest request) {
        return enqueue(Objects.requireNonNull(tx, "tx must not be null").connection(), request);
    }

    /**
     * Enqueues a job on a connection the caller manages (a Spring or jOOQ transaction): never
     * committed or closed here.
     *
     * @param connection the connection
     * @param request the job
     * @return the result
     */
    public EnqueueResult enqueue(Connection connection, JobRequest request) {
        Objects.requireNonNull(connection, "connection must not be null");
        Objects.requireNonNull(request, "request must not be null");
        return inserter.insertOne(connection, request, null);
    }

    /**
     * Enqueues many jobs with one multi-row statement per 5,000, in one transaction of its own.
     *
     * @param requests the jobs
     * @return one result per job, in order
     */
    public List<EnqueueResult> enqueueAll(List<JobRequest> requests) {
        List<JobRequest> checked = check(requests);
        checked.forEach(inserter::encode);
        List<EnqueueResult> r = db.inTransaction(tx -> inserter.insertMany(tx.connection(), checked, null));
        checked.stream().map(JobRequest::queue).distinct().forEach(this::wakeLocal);
        return r;
    }

    /**
     * Enqueues many jobs in the caller's transaction.
     *
     * @param tx the transaction
     * @param requests the jobs
     * @return one result per job, in order
     */
    public List<EnqueueResult> enqueueAll(Tx tx, List<JobRequest> requests) {
        return enqueueAll(Objects.requireNonNull(tx, "tx must not be null").connection(), requests);
    }

    /**
     * Enqueues many jobs on the caller's connection.
     *
     * @param connection the connection
     * @param requests the jobs
     * @return one result per job, in order
     */
    public List<EnqueueResult> enqueueAll(Connection connection, List<JobRequest> requests) {
        Objects.requireNonNull(connection, "connection must not be null");
        return inserter.insertMany(connection, check(requests), null);
    }

    /**
     * Loads many jobs with {@code COPY}: the fastest way in for large batches (tens of thousands),
     * in one transaction of its own. Returns no ids and takes no unique keys.
     *
     * @param requests the jobs, without unique keys
     * @return how many were loaded
     * @throws IllegalArgumentException when a job has a unique key
     */
    public long copyAll(List<JobRequest> requests) {
        List<JobRequest> checked = checkCopy(requests);
        checked.forEach(inserter::encode);
        return db.inTransaction(tx -> inserter.copy(tx.connection(), checked));
    }

    /**
     * Loads many jobs with {@code COPY} on the caller's connection (pgjdbc).
     *
     * @param connection the connection
     * @param requests the jobs, without unique keys
     * @return how many were loaded
     */
    public long copyAll(Connection connection, List<JobRequest> requests) {
        Objects.requireNonNull(connection, "connection must not be null");
        return inserter.copy(connection, checkCopy(requests));
    }

    /**
     * Enqueues a batch: its members, and a callback job that is enqueued exactly once, when the
     * last member reaches a final state (completed, discarded or cancelled). The callback's
     * handler reads the counts with {@link Job#batchOutcome()}. Runs in one transaction of its own.
     *
     * @param members the member jobs (at least one, no unique keys)
     * @param callback the callback job (its arguments must encode as a JSON object; its run-at,
     *     timeout, tags and unique key are not used)
     * @return the batch id
     */
    public long enqueueBatch(List<JobRequest> members, JobRequest callback) {
        return db.inTransaction(tx -> enqueueBatch(tx, members, callback));
    }

    /**
     * Enqueues a batch in the caller's transaction; see {@link #enqueueBatch(List, JobRequest)}.
     *
     * @param tx the transaction
     * @param members the member jobs
     * @param callback the callback job
     * @return the batch id
     */
    public long enqueueBatch(Tx tx, List<JobRequest> members, JobRequest callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        List<JobRequest> checked = checkCopy(members);
        String cbArgs = inserter.encode(callback);
        if (!cbArgs.trim().startsWith("{")) {
            throw new IllegalArgumentException("the callback's arguments must encode as a JSON object, got " + cbArgs);
        }
        checked.forEach(inserter::encode);
        long batchId = tx.queryOne("insert into " + sql.batchTable + " (total, pending, callback_queue, callback_kind,"
                        + " callback_args, callback_priority, callback_max_attempts) values (?, ?, ?, ?, ?::jsonb, ?, ?)"
                        + " returning id", r -> r.getLong(1), checked.size(), checked.size(), callback.queue(),
                callback.kind(), cbArgs, (short) callback.priority(), (short) callback.maxAttempts());
        inserter.insertMany(tx.connection(), checked, batchId);
        return batchId;
    }

    private static List<JobRequest> check(List<JobRequest> requests) {
        Objects.requireNonNull(requests, "requests must not be null");
        List<JobRequest> copy = List.copyOf(requests);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("requests must not be empty");
        }
        return copy;
    }

    private static List<JobRequest> checkCopy(List<JobRequest> requests) {
        List<JobRequest> copy = check(requests);
        for (JobRequest r : copy) {
            if (r.uniqueKey().isPresent()) {
                throw new IllegalArgumentException("jobs loaded with COPY or in a batch cannot have unique keys ("
                        + r + " has '" + r.uniqueKey().get() + "'); use enqueueAll");
            }
        }
        return copy;
    }

    // ------------------------------------------------------------------ operate

    /**
     * Cancels a job. An available job is cancelled at once; a running job is marked, its worker is
     * told (NOTIFY, and at the next lease renewal) and interrupts the handler; the job ends
     * cancelled unless the handler completes anyway.
     *
     * @param id the job
     * @return {@code true} when the job was available or running
     */
    public boolean cancel(long id) {
        return db.inTransaction(tx -> {
            if (tx.update("update " + sql.table + " set state = 'cancelled', finished_at = now()"
                    + " where id = ? and state = 'available'", id) == 1) {
                return true;
            }
            if (tx.update("update " + sql.table + " set cancel_requested = true where id = ? and state = 'running'",
                    id) == 1) {
                tx.query("select pg_notify(?, ?)", r -> null, sql.cancelChannel, Long.toString(id));
                return true;
            }
            return false;
        });
    }

    /**
     * Runs a job again now: a discarded or cancelled job gets one more attempt (its limit is raised
     * when needed); an available job waiting for its backoff runs at once.
     *
     * @param id the job
     * @return {@code true} when the job was found in one of those states
     * @throws JustPgException when another job now holds its unique key
     */
    public boolean retry(long id) {
        return db.inTransaction(tx -> {
            int n = tx.update("update " + sql.table + " set state = 'available', run_at = now(), finished_at = null,"
                    + " max_attempts = greatest(max_attempts, attempt + 1) where id = ?"
                    + " and state in ('available', 'discarded', 'cancelled')", id);
            if (n == 1) {
                tx.query("select pg_notify(?, queue) from " + sql.table + " where id = ?", r -> null,
                        sql.wakeChannel, id);
            }
            return n == 1;
        });
    }

    /**
     * Pauses a queue: no worker in any JVM claims from it until {@link #resume}. Running jobs
     * finish.
     *
     * @param queue the queue
     */
    public void pause(String queue) {
        db.execute("insert into " + sql.pausedTable + " (queue) values (?) on conflict do nothing",
                Objects.requireNonNull(queue, "queue"));
    }

    /**
     * Resumes a paused queue and wakes its workers.
     *
     * @param queue the queue
     */
    public void resume(String queue) {
        db.useTransaction(tx -> {
            tx.update("delete from " + sql.pausedTable + " where queue = ?", Objects.requireNonNull(queue, "queue"));
            tx.query("select pg_notify(?, ?)", r -> null, sql.wakeChannel, queue);
        });
    }

    /**
     * Whether a queue is paused.
     *
     * @param queue the queue
     * @return {@code true} when paused
     */
    public boolean isPaused(String queue) {
        return db.withConnection(c -> !Jdbc.query(c, "select 1 from " + sql.pausedTable + " where queue = ?",
                r -> 1, queue).isEmpty());
    }

    // ------------------------------------------------------------------ inspect

    /**
     * Counts by queue and state, the scheduled jobs, and each queue's lag. Reads the whole table:
     * for dashboards, not for every request.
     *
     * @return one entry per queue that has jobs or is paused, by name
     */
    public List<QueueStats> stats() {
        return db.withConnection(c -> {
            Map<String, Map<JobState, Long>> counts = new LinkedHashMap<>();
            Map<String, long[]> extra = new LinkedHashMap<>();
            Jdbc.query(c, "select queue, state, count(*),"
                    + " count(*) filter (where state = 'available' and run_at > now()),"
                    + " coalesce(extract(epoch from max(now() - run_at) filter (where state = 'available'"
                    + " and run_at <= now())) * 1000, 0)::bigint"
                    + " from " + sql.table + " group by queue, state order by queue", r -> {
                        String q = r.getString(1);
                        counts.computeIfAbsent(q, k -> new EnumMap<>(JobState.class))
                                .put(JobState.fromSql(r.getString(2)), r.getLong(3));
                        long[] e = extra.computeIfAbsent(q, k -> new long[2]);
                        e[0] += r.getLong(4);
                        e[1] = Math.max(e[1], r.getLong(5));
                        return null;
                    });
            Set<String> paused = new java.util.HashSet<>(Jdbc.query(c, "select queue from " + sql.pausedTable,
                    r -> r.getString(1)));
            for (String p : paused) {
                counts.computeIfAbsent(p, k -> new EnumMap<>(JobState.class));
                extra.computeIfAbsent(p, k -> new long[2]);
            }
            List<QueueStats> out = new ArrayList<>();
            new java.util.TreeMap<>(counts).forEach((q, m) -> out.add(new QueueStats(q, Map.copyOf(m),
                    extra.get(q)[0], Duration.ofMillis(extra.get(q)[1]), paused.contains(q))));
            return out;
        });
    }

    /**
     * Reads one job.
     *
     * @param id the job
     * @return the job, or empty when it does not exist (completed jobs are deleted by default)
     */
    public Optional<JobInfo> find(long id) {
        List<JobInfo> rows = db.withConnection(c -> Jdbc.query(c, "select " + INFO_COLUMNS + " from " + sql.table
                + " where id = ?", this::info, id));
        return rows.stream().findFirst();
    }

    /**
     * Jobs that failed at least once and are waiting to retry, or were discarded: newest first,
     * with every recorded error.
     *
     * @param limit the most to return
     * @return the jobs
     */
    public List<JobInfo> failedJobs(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return db.withConnection(c -> Jdbc.query(c, "select " + INFO_COLUMNS + " from " + sql.table
                + " where state in ('available', 'discarded') and errors <> '[]'::jsonb order by id desc limit ?",
                this::info, limit));
    }

    private static final String INFO_COLUMNS = "id, queue, kind, state, priority, attempt, max_attempts, run_at,"
            + " created_at, finished_at, args::text, tags, errors::text";

    private JobInfo info(ResultSet r) throws SQLException {
        // a raw List: the codec interface names no JSON library, so no type token of one
        List<?> raw = json.decode(r.getString(13), List.class);
        List<JobError> errors = new ArrayList<>();
        for (Object item : raw) {
            Map<?, ?> e = (Map<?, ?>) item;
            errors.add(new JobError(((Number) e.get("attempt")).intValue(), parseInstant(e.get("at")),
                    (String) e.get("error"), (String) e.get("stack")));
        }
        java.sql.Timestamp fin = r.getTimestamp(10);
        return new JobInfo(r.getLong(1), r.getString(2), r.getString(3), JobState.fromSql(r.getString(4)),
                r.getInt(5), r.getInt(6), r.getInt(7), r.getTimestamp(8).toInstant(), r.getTimestamp(9).toInstant(),
                fin == null ? null : fin.toInstant(), r.getString(11), List.of((String[]) r.getArray(12).getArray()),
                List.copyOf(errors));
    }

    private static Instant parseInstant(Object o) {
        if (o == null) {
            return null;
        }
        return java.time.OffsetDateTime.parse((String) o).toInstant();
    }

    /** Builds a {@link JobQueue}. */
    public static final class Builder {

        private final Database db;
        private Identifier table = DEFAULT_TABLE;
        private JsonCodec json = JsonCodec.defaultCodec();
        private boolean migrate = true;
        private Duration keepCompleted = DEFAULT_KEEP_COMPLETED;
        private Duration keepFinished = DEFAULT_KEEP_FINISHED;

        private Builder(Database db) {
            this.db = Objects.requireNonNull(db, "db must not be null");
        }

        /**
         * The queue table (default {@link #DEFAULT_TABLE}); its companions take its name plus a suffix.
         *
         * @param value the table, optionally schema-qualified; at most 50 bytes so suffixes fit
         * @return this builder
         */
        public Builder table(Identifier value) {
            this.table = Objects.requireNonNull(value, "table must not be null");
            return this;
        }

        /**
         * The codec for job arguments (default {@link JsonCodec#defaultCodec()}).
         *
         * @param codec the codec
         * @return this builder
         */
        public Builder json(JsonCodec codec) {
            this.json = Objects.requireNonNull(codec, "json must not be null");
            return this;
        }

        /**
         * Whether {@link #build()} installs or upgrades the schema (default {@code true}).
         *
         * @param value {@code false} when the DDL from {@link JobQueue#schemaDdl} was applied by hand
         * @return this builder
         */
        public Builder migrate(boolean value) {
            this.migrate = value;
            return this;
        }

        /**
         * How long completed jobs stay in the table (default {@link #DEFAULT_KEEP_COMPLETED}: deleted
         * as they complete, the fastest). Workers prune older ones in small batches.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder keepCompleted(Duration value) {
            this.keepCompleted = Objects.requireNonNull(value, "keepCompleted must not be null");
            return this;
        }

        /**
         * How long discarded and cancelled jobs stay (default {@link #DEFAULT_KEEP_FINISHED}).
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder keepFinished(Duration value) {
            this.keepFinished = Objects.requireNonNull(value, "keepFinished must not be null");
            return this;
        }

        /**
         * Validates, installs or upgrades the schema (unless told not to) and builds the queue.
         *
         * @return the queue
         * @throws IllegalArgumentException naming a bad setting
         */
        public JobQueue build() {
            if (table.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 50) {
                throw new IllegalArgumentException("table name must be at most 50 bytes (companion tables add a"
                        + " suffix), got '" + table.name() + "'");
            }
            if (keepCompleted.isNegative()) {
                throw new IllegalArgumentException("keepCompleted must not be negative, got " + keepCompleted);
            }
            if (keepFinished.isNegative()) {
                throw new IllegalArgumentException("keepFinished must not be negative, got " + keepFinished);
            }
            JobQueue q = new JobQueue(this);
            if (migrate) {
                Migrations.migrate(db, q.sql);
            }
            LOG.info("justpg JobQueue: table={}, migrate={}, keepCompleted={}, keepFinished={}", table, migrate,
                    keepCompleted.isZero() ? "deleted at completion" : keepCompleted, keepFinished);
            return q;
        }
    }
}
