package dev.justpg.realtime.jobs;

import java.time.Duration;

/**
 * Hears what workers do, for metrics and alerts. Every method has a no-op default; calls come from
 * justpg's threads and must return quickly. An exception thrown here is logged and ignored.
 */
public interface JobListener {

    /** A listener that does nothing. */
    JobListener NONE = new JobListener() {
    };

    /**
     * A batch of jobs was claimed.
     *
     * @param queue the queue
     * @param count how many
     */
    default void onClaimed(String queue, int count) {
    }

    /**
     * A job's handler returned and the job is recorded as completed.
     *
     * @param queue the queue
     * @param kind the kind
     * @param id the job id
     * @param runTime how long the handler ran
     */
    default void onCompleted(String queue, String kind, long id, Duration runTime) {
    }

    /**
     * An attempt ended without completing: failed (retried or discarded), snoozed, cancelled or
     * timed out.
     *
     * @param queue the queue
     * @param kind the kind
     * @param id the job id
     * @param attempt the attempt, from 1
     * @param next where the job went: {@link JobState#AVAILABLE} (to run again),
     *     {@link JobState#DISCARDED} or {@link JobState#CANCELLED}
     * @param error what went wrong, or {@code null} for a snooze
     */
    default void onAttemptEnded(String queue, String kind, long id, int attempt, JobState next, String error) {
    }

    /**
     * Jobs of dead workers (expired leases) were rescued.
     *
     * @param count how many
     */
    default void onRescued(int count) {
    }

    /**
     * A background loop failed (the database is down, a statement failed); it backs off and tries
     * again.
     *
     * @param activity what was being done, such as {@code "claim"} or {@code "complete"}
     * @param error the failure
     */
    default void onError(String activity, Exception error) {
    }
}
