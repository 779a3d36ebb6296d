package dev.justpg.realtime.jobs.internal;

import dev.justpg.core.Database;
import dev.justpg.realtime.PubSub;
import dev.justpg.realtime.jobs.Backoff;
import dev.justpg.realtime.jobs.JobListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * What the worker engine needs, gathered by the public builder.
 *
 * @param db the database
 * @param sql the statements
 * @param queues queue name to concurrency
 * @param executor the caller's executor for handlers, or {@code null} for justpg's threads
 * @param threadFactory the factory for justpg's threads, or {@code null} for named daemon threads
 * @param pubSub a pub/sub to listen on, or {@code null} to make one (unless poll-only)
 * @param pollOnly never LISTEN
 * @param pollInterval the polling period
 * @param fetchSize the most jobs one claim asks for
 * @param lease the lease length
 * @param defaultTimeout the timeout of jobs without their own
 * @param backoff the retry backoff
 * @param shutdownTimeout how long close waits for running jobs
 * @param keepCompleted how long completed jobs are kept ({@link Duration#ZERO}: deleted at once)
 * @param keepFinished how long discarded and cancelled jobs are kept
 * @param listener the listener
 * @param runner runs one claimed job and says how it ended
 * @param workerId this process's name in the table
 * @param asyncCommit claims and completions commit without waiting for the WAL flush
 */
public record EngineConfig(Database db, JobSql sql, Map<String, Integer> queues, Executor executor,
        ThreadFactory threadFactory, PubSub pubSub, boolean pollOnly, Duration pollInterval, int fetchSize,
        Duration lease, Duration defaultTimeout, Backoff backoff, Duration shutdownTimeout, Duration keepCompleted,
        Duration keepFinished, JobListener listener, Function<ClaimedJob, Outcome> runner, String workerId,
        boolean asyncCommit) {
}
