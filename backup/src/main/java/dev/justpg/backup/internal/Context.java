package dev.justpg.backup.internal;

import dev.justpg.backup.BackupListener;
import dev.justpg.backup.BackupStore;
import dev.justpg.backup.Endpoint;
import java.time.Duration;

/**
 * The configuration every run needs.
 *
 * @param source the database backed up
 * @param maintenanceDatabase the database used to create and drop databases
 * @param store where backups live
 * @param tools finds client programs
 * @param timeout the deadline of one tool run
 * @param listener progress events
 */
public record Context(Endpoint source, String maintenanceDatabase, BackupStore store, ToolLocator tools, Duration timeout,
        BackupListener listener) {

    /**
     * The administration handle of a server.
     *
     * @param server any endpoint of the server
     * @return the handle on its maintenance database
     */
    public DatabaseAdmin admin(Endpoint server) {
        return new DatabaseAdmin(server.withDatabase(maintenanceDatabase));
    }

    /**
     * Connection arguments for a tool (never the password).
     *
     * @param e the endpoint
     * @return {@code -h host -p port -U user}
     */
    public static java.util.List<String> connArgs(Endpoint e) {
        return java.util.List.of("-h", e.host(), "-p", Integer.toString(e.port()), "-U", e.user(), "--no-password");
    }
}
