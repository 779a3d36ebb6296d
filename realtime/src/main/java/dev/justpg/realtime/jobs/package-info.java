/**
 * A durable job queue on PostgreSQL: {@link dev.justpg.realtime.jobs.JobQueue} enqueues (alone, in
 * the caller's transaction, in batches or with COPY), inspects and operates jobs;
 * {@link dev.justpg.realtime.jobs.JobWorkers} claim them with {@code FOR UPDATE SKIP LOCKED}, run
 * {@link dev.justpg.realtime.jobs.JobHandler}s, retry with {@link dev.justpg.realtime.jobs.Backoff}
 * and rescue the jobs of dead workers. Delivery is at-least-once.
 */
package dev.justpg.realtime.jobs;
