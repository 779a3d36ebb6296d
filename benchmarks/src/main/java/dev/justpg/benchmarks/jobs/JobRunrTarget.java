package dev.justpg.benchmarks.jobs;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The no-op job JobRunr runs (JobRunr calls a static method found in the lambda's bytecode). */
public final class JobRunrTarget {

    /** Jobs run so far. */
    public static final AtomicInteger RUNS = new AtomicInteger();
    /** System.nanoTime() at the last run's start, for the pickup latency. */
    public static final AtomicLong LAST_START = new AtomicLong();

    private JobRunrTarget() {
    }

    /**
     * Does nothing but count.
     *
     * @param i the job's number
     */
    public static void run(int i) {
        LAST_START.set(System.nanoTime());
        RUNS.incrementAndGet();
    }
}
