package dev.justpg.realtime.jobs;

import java.time.Duration;
import java.util.Map;

/**
 * Counts for one queue.
 *
 * @param queue the queue
 * @param counts jobs per state (states without jobs are absent); available jobs whose run-at is
 *     still ahead count as available
 * @param scheduled of the available jobs, those whose run-at is still ahead
 * @param oldestAvailableAge how long the oldest runnable job has waited past its run-at
 *     ({@link Duration#ZERO} when none waits): the queue's lag
 * @param paused whether the queue is paused
 */
public record QueueStats(String queue, Map<JobState, Long> counts, long scheduled, Duration oldestAvailableAge,
        boolean paused) {

    /**
     * The count in one state.
     *
     * @param state the state
     * @return the count, 0 when none
     */
    public long count(JobState state) {
        return counts.getOrDefault(state, 0L);
    }
}
