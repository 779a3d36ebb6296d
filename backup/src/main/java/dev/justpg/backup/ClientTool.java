package dev.justpg.backup;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PostgreSQL client program found on this machine.
 *
 * @param name the program ({@code pg_dump}, {@code pg_restore}, {@code pg_dumpall}, {@code psql})
 * @param path its absolute path
 * @param version what {@code --version} printed
 */
public record ClientTool(String name, Path path, ToolVersion version) {

    /** {@code pg_dump}. */
    public static final String PG_DUMP = "pg_dump";
    /** {@code pg_restore}. */
    public static final String PG_RESTORE = "pg_restore";
    /** {@code pg_dumpall}. */
    public static final String PG_DUMPALL = "pg_dumpall";
    /** {@code psql}. */
    public static final String PSQL = "psql";

    /**
     * Checks the components.
     *
     * @param name see the record description
     * @param path see the record description
     * @param version see the record description
     */
    public ClientTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
    }
}
