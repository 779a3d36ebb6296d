package dev.justpg.backup.pitr;

/** How {@code pg_basebackup} writes a base backup ({@code --format}). */
public enum BaseBackupFormat {
    /** A data directory as files ({@code -Fp}): ready to start on, checkable by {@code pg_verifybackup}. */
    PLAIN,
    /** One tar file per tablespace plus {@code pg_wal.tar} ({@code -Ft}): compressible, one file to ship. */
    TAR
}
