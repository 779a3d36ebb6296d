package dev.justpg.backup;

/** The archive format of a dump ({@code pg_dump --format}). */
public enum Format {
    /** A SQL script, replayed with {@code psql}; cannot be restored selectively or in parallel. */
    PLAIN("p", "dump.sql"),
    /** One compressed archive file for {@code pg_restore}: selective and parallel restore. */
    CUSTOM("c", "dump.pgdump"),
    /** A directory with one file per table: the only format {@code pg_dump} can write in parallel. */
    DIRECTORY("d", "dump.dir"),
    /** A tar archive for {@code pg_restore}; no compression, no parallel restore. */
    TAR("t", "dump.tar");

    private final String flag;
    private final String fileName;

    Format(String flag, String fileName) {
        this.flag = flag;
        this.fileName = fileName;
    }

    /** @return the letter given to {@code pg_dump --format} */
    public String flag() {
        return flag;
    }

    /** @return the name of the dump inside a backup's directory (for PLAIN with gzip, {@code dump.sql.gz}) */
    public String fileName() {
        return fileName;
    }

    /** @return whether {@code pg_restore} reads this format (every format but PLAIN) */
    public boolean isArchive() {
        return this != PLAIN;
    }
}
