package dev.justpg.realtime.jobs;

/**
 * The answer to an enqueue: the job's id, and whether it was inserted or an existing job with the
 * same unique key was found instead.
 *
 * @param id the id of the new job, or of the existing job that holds the unique key
 * @param inserted {@code false} when a job with the same unique key already existed in one of its
 *     unique states; {@link #id()} then names that job
 */
public record EnqueueResult(long id, boolean inserted) {

    /**
     * Whether an existing job was returned instead of a new one.
     *
     * @return {@code true} on a unique-key conflict
     */
    public boolean duplicate() {
        return !inserted;
    }
}
