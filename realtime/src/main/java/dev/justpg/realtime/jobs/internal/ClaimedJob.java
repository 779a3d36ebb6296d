package dev.justpg.realtime.jobs.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A job this worker claimed, with the controls its attempt needs. */
public final class ClaimedJob {

    /** Why a running attempt was told to stop. */
    public enum Stop {
        /** Not told to stop. */
        NONE,
        /** Someone cancelled the job. */
        CANCELLED,
        /** It ran past its timeout. */
        TIMED_OUT,
        /** The workers are shutting down. */
        SHUTDOWN,
        /** The lease was lost (another worker may run it now). */
        LEASE_LOST
    }

    /** Id. */
    public final long id;
    /** Queue. */
    public final String queue;
    /** Kind. */
    public final String kind;
    /** Arguments as JSON. */
    public final String argsJson;
    /** Attempt, from 1. */
    public final int attempt;
    /** Attempts allowed. */
    public final int maxAttempts;
    /** Priority. */
    public final int priority;
    /** Timeout in ms, or 0 for the workers' default. */
    public final int timeoutMs;
    /** Enqueue time. */
    public final Instant createdAt;
    /** Scheduled time. */
    public final Instant runAt;
    /** Tags. */
    public final List<String> tags;
    /** Batch, or 0. */
    public final long batchId;

    final AtomicBoolean resolved = new AtomicBoolean();
    volatile Thread thread;
    volatile Stop stop = Stop.NONE;
    volatile long startNanos;
    volatile long deadlineNanos;

    ClaimedJob(long id, String queue, String kind, String argsJson, int attempt, int maxAttempts, int priority,
            int timeoutMs, Instant createdAt, Instant runAt, List<String> tags, long batchId) {
        this.id = id;
        this.queue = queue;
        this.kind = kind;
        this.argsJson = argsJson;
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.priority = priority;
        this.timeoutMs = timeoutMs;
        this.createdAt = createdAt;
        this.runAt = runAt;
        this.tags = tags;
        this.batchId = batchId;
    }

    /**
     * Why the attempt was told to stop.
     *
     * @return the reason, {@link Stop#NONE} while it may run on
     */
    public Stop stop() {
        return stop;
    }

    void requestStop(Stop reason) {
        if (stop == Stop.NONE) {
            stop = reason;
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
