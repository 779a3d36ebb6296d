package dev.justpg.realtime.jobs;

/**
 * How the members of a batch ended, handed to its callback job.
 *
 * @param batchId the batch
 * @param total the members
 * @param succeeded members completed
 * @param failed members discarded
 * @param cancelled members cancelled
 */
public record BatchOutcome(long batchId, int total, int succeeded, int failed, int cancelled) {

    /**
     * Whether every member completed.
     *
     * @return {@code true} when none failed or was cancelled
     */
    public boolean allSucceeded() {
        return succeeded == total;
    }
}
