package dev.justpg.testkit;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A PostgreSQL server for tests, examples and benchmarks.
 *
 * <p>The testkit runs one per JVM ({@link PostgresExtension#server()}); examples and benchmarks
 * start their own with {@link EmbeddedServer#builder()}.
 */
public interface PostgresServer {

    /**
     * How this server is provided.
     *
     * @return the kind
     */
    ServerKind kind();

    /**
     * The server's major version, such as 15.
     *
     * @return the major version
     */
    int majorVersion();

    /**
     * The server's version text, such as {@code "15.19"}.
     *
     * @return the version text
     */
    String version();

    /**
     * Connection details for the superuser (or the configured admin role) to the maintenance
     * database {@code postgres}.
     *
     * @return the admin connection info
     */
    ConnectionInfo adminConnectionInfo();

    /**
     * Creates an empty UTF-8 database (from {@code template0}).
     *
     * @param name the database name (letters, digits and underscores)
     * @return admin connection info for the new database
     */
    ConnectionInfo createDatabase(String name);

    /**
     * Drops a database, disconnecting its sessions first. Does nothing when it does not exist.
     *
     * @param name the database name
     */
    void dropDatabase(String name);

    /**
     * Whether {@link #stop()}, {@link #crash()} and {@link #start()} are supported (only for an
     * embedded server). Tests that need them should assume it.
     *
     * @return {@code true} when the testkit controls the server process
     */
    boolean canRestart();

    /**
     * Stops the server cleanly ({@code pg_ctl stop -m fast}): sessions are disconnected.
     *
     * @throws UnsupportedOperationException when {@link #canRestart()} is false
     */
    void stop();

    /**
     * Stops the server the way a crash would ({@code pg_ctl stop -m immediate}): no checkpoint;
     * the next {@link #start()} runs crash recovery.
     *
     * @throws UnsupportedOperationException when {@link #canRestart()} is false
     */
    void crash();

    /**
     * Starts a stopped server again, on the same port with the same data.
     *
     * @throws UnsupportedOperationException when {@link #canRestart()} is false
     */
    void start();

    /**
     * Whether the server is running (as far as the testkit knows).
     *
     * @return {@code true} when running
     */
    boolean isRunning();

    /**
     * The data directory, for an embedded server.
     *
     * @return the data directory, or empty when the testkit does not own the server's files
     */
    Optional<Path> dataDirectory();

    /**
     * The directory holding {@code postgres}, {@code initdb} and {@code pg_ctl}, for an embedded server.
     *
     * @return the binaries directory, or empty
     */
    Optional<Path> binDirectory();
}
