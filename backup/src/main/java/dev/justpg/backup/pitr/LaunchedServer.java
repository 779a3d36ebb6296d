package dev.justpg.backup.pitr;

import javax.sql.DataSource;

/** A server started by a {@link ServerLauncher}; closing it stops it. */
public interface LaunchedServer extends AutoCloseable {

    /**
     * Connections to the server as a role that may read recovery state (a superuser of the
     * recovered cluster, or {@code pg_monitor}).
     *
     * @return the data source
     */
    DataSource dataSource();

    /**
     * Whether the server process still runs (a server stops by itself when recovery fails or
     * reaches a {@link TargetAction#SHUTDOWN} target).
     *
     * @return {@code true} while it runs
     */
    boolean isRunning();

    /**
     * The last lines of the server log, for reports and error messages.
     *
     * @param lines how many lines
     * @return the text (empty when there is no log)
     */
    String logTail(int lines);

    /** Stops the server. Idempotent. */
    @Override
    void close();
}
