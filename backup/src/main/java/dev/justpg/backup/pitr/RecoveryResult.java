package dev.justpg.backup.pitr;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a recovery stopped.
 *
 * @param target what was asked for
 * @param state where the server stands now
 * @param replayedTo the last WAL location replayed (empty when the server shut down)
 * @param lastCommit the commit time of the last transaction replayed (empty when none was replayed
 *     or the server shut down)
 * @param stopMessage the server's own line about where it stopped, such as
 *     {@code recovery stopping before commit of transaction 745, time ...} (empty for
 *     {@link RecoveryTarget#latest()}, where it simply runs out of WAL)
 * @param elapsed from starting the server to the end of recovery: the least downtime a restore
 *     like this one takes
 * @param server the running server ({@link RecoveryState#SHUT_DOWN}: stopped); close it when done
 */
public record RecoveryResult(RecoveryTarget target, RecoveryState state, Optional<Lsn> replayedTo,
        Optional<Instant> lastCommit, Optional<String> stopMessage, Duration elapsed, LaunchedServer server)
        implements AutoCloseable {

    /** Stops the recovered server ({@link LaunchedServer#close()}). */
    @Override
    public void close() {
        server.close();
    }
}
