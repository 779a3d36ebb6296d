package dev.justpg.realtime.jobs;

import dev.justpg.realtime.jobs.internal.ClaimedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of a job, as its handler sees it: the arguments, the job's facts, and the controls
 * to snooze, retry or discard it, or to see that it should stop.
 *
 * @param <T> the arguments' type
 */
public final class Job<T> {

    /** What the handler asked for besides completion. */
    enum Decision { COMPLETE, SNOOZE, RETRY_NOW, DISCARD }

    private final ClaimedJob claimed;
    private final T args;
    private final BatchOutcome batch;
    private Decision decision = Decision.COMPLETE;
    private Duration snooze = Duration.ZERO;
    private String reason;

    Job(ClaimedJob claimed, T args, BatchOutcome batch) {
        this.claimed = claimed;
        this.args = args;
        this.batch = batch;
    }

    /**
     * The job's id.
     *
     * @return the id
     */
    public long id() {
        return claimed.id;
    }

    /**
     * The decoded arguments.
     *
     * @return the arguments
     */
    public T args() {
        return args;
    }

    /**
     * The kind.
     *
     * @return the kind
     */
    public String kind() {
        return claimed.kind;
    }

    /**
     * The queue.
     *
     * @return the queue
     */
    public String queue() {
        return claimed.queue;
    }

    /**
     * This attempt's number: 1 for the first.
     *
     * @return the attempt
     */
    public int attempt() {
        return claimed.attempt;
    }

    /**
     * The attempts allowed.
     *
     * @return the maximum
     */
    public int maxAttempts() {
        return claimed.maxAttempts;
    }

    /**
     * The priority.
     *
     * @return 0 (first) to 9
     */
    public int priority() {
        return claimed.priority;
    }

    /**
     * The tags.
     *
     * @return the tags
     */
    public List<String> tags() {
        return claimed.tags;
    }

    /**
     * When the job was enqueued.
     *
     * @return the instant (database clock)
     */
    public Instant createdAt() {
        return claimed.createdAt;
    }

    /**
     * For a batch's callback job: how the batch's members ended.
     *
     * @return the outcome, or empty for any other job
     */
    public Optional<BatchOutcome> batchOutcome() {
        return Optional.ofNullable(batch);
    }

    /**
     * Whether the handler should stop: the job was cancelled, ran past its timeout, lost its lease
     * or the workers are shutting down. The handler's thread is also interrupted.
     *
     * @return {@code true} when it should stop
     */
    public boolean stopRequested() {
        return claimed.stop() != ClaimedJob.Stop.NONE;
    }

    /**
     * Puts the job back to run again after a delay, without counting this attempt. Takes effect
     * when the handler returns.
     *
     * @param delay zero or more
     */
    public void snooze(Duration delay) {
        if (Objects.requireNonNull(delay, "delay").isNegative()) {
            throw new IllegalArgumentException("snooze delay must not be negative, got " + delay);
        }
        decision = Decision.SNOOZE;
        snooze = delay;
    }

    /**
     * Fails this attempt and makes the job available again at once (no backoff); counts the
     * attempt. Takes effect when the handler returns.
     *
     * @param why recorded as the attempt's error
     */
    public void retryNow(String why) {
        decision = Decision.RETRY_NOW;
        reason = Objects.requireNonNull(why, "why");
    }

    /**
     * Discards the job: no further attempt. Takes effect when the handler returns.
     *
     * @param why recorded as the attempt's error
     */
    public void discard(String why) {
        decision = Decision.DISCARD;
        reason = Objects.requireNonNull(why, "why");
    }

    Decision decision() {
        return decision;
    }

    Duration snoozeDelay() {
        return snooze;
    }

    String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "Job[" + claimed.id + " " + claimed.kind + " on " + claimed.queue + ", attempt " + claimed.attempt
                + "/" + claimed.maxAttempts + "]";
    }
}
