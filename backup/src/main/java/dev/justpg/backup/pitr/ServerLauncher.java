package dev.justpg.backup.pitr;

import java.nio.file.Path;

/**
 * Starts a PostgreSQL server on a data directory laid out by {@link Recovery}: the caller's own
 * way ({@code pg_ctl}, a service manager, a container), or in tests and drills an embedded server
 * (the testkit's {@code EmbeddedServer.builder().fromDataDirectory(dir, password)}).
 *
 * <p>The server must use that directory's configuration files as they are
 * ({@code postgresql.auto.conf} carries the recovery settings) and run as an operating-system user
 * who can read the WAL archive.
 */
@FunctionalInterface
public interface ServerLauncher {

    /**
     * Starts a server and returns once it accepts connections (a server in recovery accepts them
     * once it is consistent), or fails.
     *
     * @param dataDirectory the prepared data directory
     * @return the running server
     * @throws RuntimeException when the server does not start; its message should carry the end
     *     of the server log, which {@link Recovery} reads to tell a missed target from other failures
     */
    LaunchedServer start(Path dataDirectory);
}
