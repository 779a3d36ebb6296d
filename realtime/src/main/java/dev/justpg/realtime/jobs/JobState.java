package dev.justpg.realtime.jobs;

import java.util.Locale;

/** Where a job is in its life. The database stores the lower-case name. */
public enum JobState {
    /** Waiting to run: now, or at its run-at time (a retry waits here for its backoff). */
    AVAILABLE,
    /** Claimed by a worker, which renews its lease while the handler runs. */
    RUNNING,
    /** Finished successfully (kept only when completed jobs are retained; otherwise deleted). */
    COMPLETED,
    /** Failed its last allowed attempt, or the handler discarded it. */
    DISCARDED,
    /** Cancelled before or while running. */
    CANCELLED;

    /**
     * The name stored in the table.
     *
     * @return for example {@code "available"}
     */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state stored under a name.
     *
     * @param sqlName the stored name
     * @return the state
     * @throws IllegalArgumentException for an unknown name
     */
    public static JobState fromSql(String sqlName) {
        return valueOf(sqlName.toUpperCase(Locale.ROOT));
    }

    /**
     * Whether the job will not run again unless someone retries it by hand.
     *
     * @return {@code true} for completed, discarded and cancelled
     */
    public boolean isFinal() {
        return this == COMPLETED || this == DISCARDED || this == CANCELLED;
    }
}
