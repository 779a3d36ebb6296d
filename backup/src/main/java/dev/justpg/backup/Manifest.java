package dev.justpg.backup;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backup holds, written as {@code manifest.json} next to its files, last: a backup directory
 * without a manifest is not a backup. The JSON schema is documented in {@code docs/backup.md}.
 *
 * @param schemaVersion the manifest layout version ({@value #SCHEMA_VERSION})
 * @param id the backup id (the directory name, sortable by time)
 * @param database the database dumped
 * @param label a label the caller gave, or an empty string
 * @param format the archive format
 * @param compression the compression, as {@code none}, {@code gzip:6}, {@code zstd:3}
 * @param jobs the parallel jobs of the dump (1 unless DIRECTORY)
 * @param arguments the pg_dump arguments other than the connection (for the record)
 * @param toolVersion the pg_dump version
 * @param serverVersion the server version
 * @param startedAt when the dump started
 * @param finishedAt when the last file was written
 * @param snapshot the exported snapshot the dump and the row counts share
 * @param files every file of the backup but the manifest, with size and SHA-256
 * @param tables row counts per table at partitioned roots, in the dump's snapshot (empty when schema-only)
 * @param sequences sequence values read at the start of the dump
 * @param databaseSettings the database's own settings, comment and grants, carried to a renamed restore
 * @param globals the globals file name, or an empty string when none was dumped
 * @param verification the last verification drill, or {@code null}
 */
public record Manifest(int schemaVersion, String id, String database, String label, Format format, String compression, int jobs,
        List<String> arguments, String toolVersion, String serverVersion, Instant startedAt, Instant finishedAt, String snapshot,
        List<FileEntry> files, List<TableRows> tables, List<SequenceValue> sequences, DatabaseSettings databaseSettings,
        String globals, Verification verification) {

    /** The manifest layout version this library writes: {@value}. */
    public static final int SCHEMA_VERSION = 1;

    /** The file name: {@value}. */
    public static final String FILE_NAME = "manifest.json";

    /**
     * Copies the lists.
     *
     * @param schemaVersion see the record description
     * @param id see the record description
     * @param database see the record description
     * @param label see the record description
     * @param format see the record description
     * @param compression see the record description
     * @param jobs see the record description
     * @param arguments see the record description
     * @param toolVersion see the record description
     * @param serverVersion see the record description
     * @param startedAt see the record description
     * @param finishedAt see the record description
     * @param snapshot see the record description
     * @param files see the record description
     * @param tables see the record description
     * @param sequences see the record description
     * @param databaseSettings see the record description
     * @param globals see the record description
     * @param verification see the record description
     */
    public Manifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(format, "format");
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        files = files == null ? List.of() : List.copyOf(files);
        tables = tables == null ? List.of() : List.copyOf(tables);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
        label = label == null ? "" : label;
        globals = globals == null ? "" : globals;
        databaseSettings = databaseSettings == null ? DatabaseSettings.EMPTY : databaseSettings;
    }

    /**
     * The same manifest with a verification result.
     *
     * @param result the drill's result
     * @return a new manifest
     */
    public Manifest withVerification(Verification result) {
        return new Manifest(schemaVersion, id, database, label, format, compression, jobs, arguments, toolVersion, serverVersion,
                startedAt, finishedAt, snapshot, files, tables, sequences, databaseSettings, globals, result);
    }

    /** @return the last verification, or empty */
    public Optional<Verification> lastVerification() {
        return Optional.ofNullable(verification);
    }

    /** @return whether the last verification drill passed */
    public boolean isVerified() {
        return verification != null && verification.passed();
    }

    /** @return the major version of the server dumped, such as 15 */
    public int serverMajor() {
        return ToolVersion.parse(serverVersion).major();
    }

    /** @return the major version of the pg_dump that wrote it */
    public int toolMajor() {
        return ToolVersion.parse(toolVersion).major();
    }

    /**
     * One file of a backup.
     *
     * @param path its path relative to the backup directory, with {@code /}
     * @param size its size in bytes
     * @param sha256 its SHA-256 in lowercase hex
     */
    public record FileEntry(String path, long size, String sha256) {
    }

    /**
     * Rows of one table (a partitioned table counts all its partitions' rows).
     *
     * @param schema the schema
     * @param name the table
     * @param rows the row count in the dump's snapshot
     */
    public record TableRows(String schema, String name, long rows) {
        /** @return {@code schema.name} */
        public String qualified() {
            return schema + "." + name;
        }
    }

    /**
     * A sequence's state.
     *
     * @param schema the schema
     * @param name the sequence
     * @param lastValue {@code last_value}
     * @param isCalled {@code is_called}
     * @param ownedBy the table that owns it ({@code schema.table}, serial or identity column), or an empty string
     */
    public record SequenceValue(String schema, String name, long lastValue, boolean isCalled, String ownedBy) {
        /**
         * Normalises a missing owner to an empty string.
         *
         * @param schema see the record description
         * @param name see the record description
         * @param lastValue see the record description
         * @param isCalled see the record description
         * @param ownedBy see the record description
         */
        public SequenceValue {
            ownedBy = ownedBy == null ? "" : ownedBy;
        }

        /** @return {@code schema.name} */
        public String qualified() {
            return schema + "." + name;
        }
    }

    /**
     * Database-level state that {@code pg_dump} writes only with {@code --create} (which would
     * recreate the original name), so a restore under another name re-applies it from here.
     *
     * @param owner the database owner
     * @param comment the database comment, or {@code null}
     * @param settings {@code ALTER DATABASE ... SET} and {@code ALTER ROLE ... IN DATABASE ... SET} entries
     * @param grants the database's privileges
     */
    public record DatabaseSettings(String owner, String comment, List<Setting> settings, List<Grant> grants) {

        /** Nothing recorded. */
        public static final DatabaseSettings EMPTY = new DatabaseSettings(null, null, List.of(), List.of());

        /**
         * Copies the lists.
         *
         * @param owner see the record description
         * @param comment see the record description
         * @param settings see the record description
         * @param grants see the record description
         */
        public DatabaseSettings {
            settings = settings == null ? List.of() : List.copyOf(settings);
            grants = grants == null ? List.of() : List.copyOf(grants);
        }
    }

    /**
     * One per-database setting.
     *
     * @param role the role for {@code ALTER ROLE ... IN DATABASE}, or {@code null} for every role
     * @param name the parameter
     * @param value its value as stored
     */
    public record Setting(String role, String name, String value) {
    }

    /**
     * One database privilege.
     *
     * @param grantee the role, or {@code PUBLIC}
     * @param privilege {@code CONNECT}, {@code CREATE} or {@code TEMPORARY}
     * @param grantable whether granted {@code WITH GRANT OPTION}
     */
    public record Grant(String grantee, String privilege, boolean grantable) {
    }

    /**
     * The verdict of a verification drill.
     *
     * @param passed whether everything matched
     * @param at when the drill finished
     * @param restoreMillis how long the restore took (the minimum downtime of a real restore)
     * @param totalMillis how long the whole drill took
     * @param problems what did not match (empty when passed)
     */
    public record Verification(boolean passed, Instant at, long restoreMillis, long totalMillis, List<String> problems) {
        /**
         * Copies the list.
         *
         * @param passed see the record description
         * @param at see the record description
         * @param restoreMillis see the record description
         * @param totalMillis see the record description
         * @param problems see the record description
         */
        public Verification {
            problems = problems == null ? List.of() : List.copyOf(problems);
        }
    }
}
