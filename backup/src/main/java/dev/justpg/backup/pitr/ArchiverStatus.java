package dev.justpg.backup.pitr;

import java.time.Instant;
import java.util.Optional;

/**
 * The WAL archiver's state, from {@code pg_stat_archiver} and {@code archive_mode}.
 *
 * @param archiveMode the server's {@code archive_mode} ({@code off}, {@code on}, {@code always})
 * @param archivedCount files archived since the statistics were reset
 * @param lastArchivedWal the last file archived, if any
 * @param lastArchivedTime when it was archived
 * @param failedCount failed attempts since the statistics were reset
 * @param lastFailedWal the last file whose archiving failed, if any
 * @param lastFailedTime when it failed
 */
public record ArchiverStatus(String archiveMode, long archivedCount, Optional<String> lastArchivedWal,
        Optional<Instant> lastArchivedTime, long failedCount, Optional<String> lastFailedWal,
        Optional<Instant> lastFailedTime) {

    /**
     * Whether archiving is failing right now: the last attempt failed (a failure newer than the last
     * success). The server keeps every unarchived WAL file meanwhile, so the disk fills up.
     *
     * @return {@code true} when the most recent attempt failed
     */
    public boolean isFailing() {
        return lastFailedTime.isPresent()
                && (lastArchivedTime.isEmpty() || lastFailedTime.get().isAfter(lastArchivedTime.get()));
    }

    /**
     * Whether the server archives at all ({@code archive_mode} is not {@code off}).
     *
     * @return {@code true} when archiving is on
     */
    public boolean isEnabled() {
        return !"off".equals(archiveMode);
    }
}
