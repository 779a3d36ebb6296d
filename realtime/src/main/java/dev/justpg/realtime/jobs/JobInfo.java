package dev.justpg.realtime.jobs;

import java.time.Instant;
import java.util.List;

/**
 * A job as stored, for inspection.
 *
 * @param id the id
 * @param queue the queue
 * @param kind the kind
 * @param state the state
 * @param priority 0 (first) to 9
 * @param attempt attempts started so far
 * @param maxAttempts attempts allowed
 * @param runAt the earliest next start
 * @param createdAt when it was enqueued
 * @param finishedAt when it reached a final state, or {@code null}
 * @param argsJson the arguments as JSON text
 * @param tags the tags
 * @param errors every failed attempt, oldest first
 */
public record JobInfo(long id, String queue, String kind, JobState state, int priority, int attempt, int maxAttempts,
        Instant runAt, Instant createdAt, Instant finishedAt, String argsJson, List<String> tags,
        List<JobError> errors) {
}
