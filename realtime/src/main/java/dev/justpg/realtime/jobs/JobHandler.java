package dev.justpg.realtime.jobs;

/**
 * Runs jobs of one kind. Returning normally completes the job (unless it called
 * {@link Job#snooze}, {@link Job#retryNow} or {@link Job#discard}); throwing fails the attempt, to
 * be retried with backoff until its attempts run out.
 *
 * <p>A handler may run more than once for the same job (at-least-once): after a crash, a lost
 * lease or a timeout. Make its effects idempotent, or record them in the database keyed by
 * {@link Job#id()}.
 *
 * @param <T> the arguments' type
 */
@FunctionalInterface
public interface JobHandler<T> {

    /**
     * Runs one attempt.
     *
     * @param job the job, its arguments and controls; stop early when
     *     {@link Job#stopRequested()} turns true or the thread is interrupted
     * @throws Exception to fail the attempt
     */
    void handle(Job<T> job) throws Exception;
}
