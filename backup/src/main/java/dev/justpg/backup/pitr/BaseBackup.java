package dev.justpg.backup.pitr;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A finished base backup: where it is and the WAL range it needs. Recovery from it needs every WAL
 * file from {@link #startWalFile()} on; retention must keep them ({@link WalArchive#cleanup}).
 *
 * @param directory the backup directory ({@code pg_basebackup -D})
 * @param format plain or tar
 * @param timeline the timeline it was taken on
 * @param startLsn where its WAL starts (the checkpoint it began with)
 * @param endLsn where its WAL ends: the earliest point it can be recovered to
 * @param startWalFile the WAL segment holding {@code startLsn}
 * @param startedAt when it started
 * @param finishedAt when it finished
 * @param bytes the size of its files on disk
 */
public record BaseBackup(Path directory, BaseBackupFormat format, int timeline, Lsn startLsn, Lsn endLsn,
        String startWalFile, Instant startedAt, Instant finishedAt, long bytes) {

    /**
     * Checks the components.
     *
     * @param directory see the record description
     * @param format see the record description
     * @param timeline see the record description
     * @param startLsn see the record description
     * @param endLsn see the record description
     * @param startWalFile see the record description
     * @param startedAt see the record description
     * @param finishedAt see the record description
     * @param bytes see the record description
     */
    public BaseBackup {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(startLsn, "startLsn");
        Objects.requireNonNull(endLsn, "endLsn");
        Objects.requireNonNull(startWalFile, "startWalFile");
    }
}
