package dev.justpg.realtime.jobs.internal;

import dev.justpg.core.Identifier;

/**
 * Every statement of the job queue, built once per queue table from validated, quoted names. The
 * text is constant for the life of a queue; only values are bound.
 */
public final class JobSql {

    /** Columns the workers read for a claimed job, in this order. */
    static final String CLAIMED_COLUMNS = "j.id, j.queue, j.kind, j.args::text, j.attempt, j.max_attempts,"
            + " j.priority, j.timeout_ms, j.created_at, j.run_at, j.tags, j.batch_id";

    /** The queue table. */
    public final String table;
    /** The table of applied schema versions. */
    public final String migrationTable;
    /** The table of paused queues. */
    public final String pausedTable;
    /** The table of batches. */
    public final String batchTable;
    /** The table of fired cron slots. */
    public final String cronTable;
    /** The channel new jobs are announced on (the queue name as payload). */
    public final String wakeChannel;
    /** The channel cancel requests for running jobs are sent on (the job id as payload). */
    public final String cancelChannel;
    /** The advisory lock key name for migrations. */
    public final String migrationLockName;
    /** The bare table name, for index and trigger names. */
    public final Identifier base;

    /** Single-row insert; returns the id, or no row on a unique-key conflict. */
    public final String insertOne;
    /** Finds the job holding a unique key in one of its unique states. */
    public final String findUnique;
    /** Multi-row insert from arrays. */
    public final String insertMany;
    /** Batch claim: one statement, FOR UPDATE SKIP LOCKED. */
    public final String claim;
    /** The claim, committing without waiting for the WAL flush. */
    public final String claimAsync;
    /** Batch completion by deletion, committing without waiting for the WAL flush. */
    public final String completeDeleteAsync;
    /** Batch completion kept as completed, committing without waiting for the WAL flush. */
    public final String completeKeepAsync;
    /** Makes the current transaction commit without waiting for the WAL flush. */
    public static final String ASYNC_COMMIT_NOW = "select set_config('synchronous_commit', 'off', true)";
    /**
     * The same as a one-row FROM item, so that a single autocommit statement sets it for its own
     * transaction only: nothing stays on the session (safe behind PgBouncer in transaction mode).
     */
    static final String ASYNC_FROM = ", (" + ASYNC_COMMIT_NOW + ") as async_commit";

    /** Batch completion by deletion. */
    public final String completeDelete;
    /** Batch completion that keeps the rows as completed. */
    public final String completeKeep;
    /** Any other end of an attempt: retry, snooze, discard, cancel. */
    public final String finish;
    /** Lease renewal; returns the renewed ids and their cancel flags. */
    public final String heartbeat;
    /** Rescue of jobs whose lease ran out. */
    public final String rescue;
    /** Hands running jobs back without counting the attempt (shutdown). */
    public final String release;

    /**
     * Builds the statements for a queue table.
     *
     * @param table the queue table name (may be schema-qualified)
     */
    public JobSql(Identifier table) {
        this.base = table;
        this.table = table.quoted();
        this.migrationTable = table.withSuffix("_migration").quoted();
        this.pausedTable = table.withSuffix("_paused").quoted();
        this.batchTable = table.withSuffix("_batch").quoted();
        this.cronTable = table.withSuffix("_cron").quoted();
        this.wakeChannel = table.name() + "_wake";
        this.cancelChannel = table.name() + "_cancel";
        this.migrationLockName = "justpg-jobs-migrate:" + table.schema().orElse("") + "." + table.name();
        String t = this.table;
        String uniqueConflict = " on conflict (unique_key) where unique_key is not null and state = any(unique_states)"
                + " do nothing";
        this.insertOne = "insert into " + t + " (queue, kind, args, priority, max_attempts, run_at, timeout_ms,"
                + " unique_key, unique_states, tags, batch_id)"
                + " values (?, ?, ?::jsonb, ?, ?, coalesce(?, now()), ?, ?, ?::text[], ?::text[], ?)"
                + uniqueConflict + " returning id";
        this.findUnique = "select id from " + t + " where unique_key = ? and state = any(unique_states)";
        this.insertMany = "insert into " + t + " (queue, kind, args, priority, max_attempts, run_at, timeout_ms,"
                + " unique_key, unique_states, tags, batch_id)"
                + " select q, k, a::jsonb, p, m, coalesce(r, now()), tm, u,"
                + " case when us is null then null else string_to_array(us, ',') end,"
                + " case when tg is null then '{}'::text[] else string_to_array(tg, chr(31)) end, b"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::smallint[], ?::smallint[], ?::timestamptz[],"
                + " ?::int[], ?::text[], ?::text[], ?::text[], ?::bigint[]) as x(q, k, a, p, m, r, tm, u, us, tg, b)"
                + uniqueConflict + " returning id, unique_key";
        this.claim = "with picked as (select id from " + t
                + " where state = 'available' and queue = ? and run_at <= now()"
                + " and not exists (select 1 from " + pausedTable + " p where p.queue = ?)"
                + " order by priority, run_at, id limit ? for update skip locked)"
                + " update " + t + " j set state = 'running', attempt = j.attempt + 1, attempted_at = now(),"
                + " lease_until = now() + ? * interval '1 millisecond', worker = ?"
                + " from picked where j.id = picked.id returning " + CLAIMED_COLUMNS;
        this.claimAsync = claim.replace(" from picked where ", " from picked" + ASYNC_FROM + " where ");
        this.completeDelete = "delete from " + t + " j using unnest(?::bigint[], ?::smallint[]) as d(id, attempt)"
                + " where j.id = d.id and j.attempt = d.attempt and j.state = 'running' returning j.batch_id";
        this.completeKeep = "update " + t + " j set state = 'completed', finished_at = now(), lease_until = null"
                + " from unnest(?::bigint[], ?::smallint[]) as d(id, attempt)"
                + " where j.id = d.id and j.attempt = d.attempt and j.state = 'running' returning j.batch_id";
        this.completeDeleteAsync = completeDelete.replace(" as d(id, attempt)", " as d(id, attempt)" + ASYNC_FROM);
        this.completeKeepAsync = completeKeep.replace(" as d(id, attempt)", " as d(id, attempt)" + ASYNC_FROM);
        this.finish = "update " + t + " j set state = o.s,"
                + " run_at = case when o.s = 'available' then now() + o.delay * interval '1 millisecond' else j.run_at end,"
                + " finished_at = case when o.s = 'available' then null else now() end,"
                + " attempt = j.attempt + o.adjust, lease_until = null, worker = null, cancel_requested = false,"
                + " errors = case when o.err is null then j.errors else j.errors || jsonb_build_array(jsonb_build_object("
                + "'attempt', j.attempt, 'at', now(), 'error', o.err, 'stack', o.stack)) end"
                + " from (select ?::text as s, ?::bigint as delay, ?::int as adjust, ?::text as err, ?::text as stack) o"
                + " where j.id = ? and j.attempt = ? and j.state = 'running' returning j.batch_id, j.state";
        this.heartbeat = "update " + t + " set lease_until = now() + ? * interval '1 millisecond'"
                + " where id = any(?::bigint[]) and state = 'running' and worker = ? returning id, cancel_requested";
        this.rescue = "with lost as (select id from " + t + " where state = 'running' and lease_until < now()"
                + " order by id limit 500 for update skip locked)"
                + " update " + t + " j set state = case when j.cancel_requested then 'cancelled'"
                + " when j.attempt >= j.max_attempts then 'discarded' else 'available' end,"
                + " run_at = now() + least(?::float8, ?::float8 * power(2, greatest(j.attempt - 1, 0)))"
                + " * (1 + ?::float8 * (2 * random() - 1)) * interval '1 millisecond',"
                + " finished_at = case when j.cancel_requested or j.attempt >= j.max_attempts then now() end,"
                + " lease_until = null, cancel_requested = false,"
                + " errors = j.errors || jsonb_build_array(jsonb_build_object('attempt', j.attempt, 'at', now(),"
                + " 'error', 'rescued: the worker ' || coalesce(j.worker, '?')"
                + " || ' stopped renewing its lease (it crashed, hung or lost the database)')), worker = null"
                + " from lost where j.id = lost.id returning j.id, j.batch_id, j.state";
        this.release = "update " + t + " set state = 'available', attempt = attempt - 1, run_at = now(),"
                + " lease_until = null, worker = null where id = any(?::bigint[]) and state = 'running' and worker = ?";
    }
}
