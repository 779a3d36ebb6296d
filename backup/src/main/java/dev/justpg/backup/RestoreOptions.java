package dev.justpg.backup;

import dev.justpg.core.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Where and how to restore. Immutable; start with {@link #intoNewDatabase(String)} or
 * {@link #intoExistingDatabase(String)}.
 *
 * <p>Every restore stops at the first error ({@code --exit-on-error}, {@code ON_ERROR_STOP}): a
 * restore that "succeeds with errors ignored" is not possible through this API.
 */
public final class RestoreOptions {

    /** The default number of parallel restore jobs: 1 (one transaction for the whole restore). */
    public static final int DEFAULT_JOBS = 1;

    private final String database;
    private final boolean createDatabase;
    private final Endpoint target;
    private final int jobs;
    private final boolean clean;
    private final boolean noOwner;
    private final boolean singleTransaction;
    private final boolean carryDatabaseSettings;
    private final boolean deferEventTriggers;
    private final List<Identifier> tables;
    private final List<String> schemas;
    private final Predicate<TocEntry> entries;

    private RestoreOptions(Builder b) {
        this.database = b.database;
        this.createDatabase = b.createDatabase;
        this.target = b.target;
        this.jobs = b.jobs;
        this.clean = b.clean;
        this.noOwner = b.noOwner;
        this.singleTransaction = b.singleTransaction == null ? b.jobs == 1 : b.singleTransaction;
        this.carryDatabaseSettings = b.carryDatabaseSettings;
        this.deferEventTriggers = b.deferEventTriggers;
        this.tables = List.copyOf(b.tables);
        this.schemas = List.copyOf(b.schemas);
        this.entries = b.entries;
    }

    /**
     * Restore into a database created for it (fails if it exists), with the original database's
     * settings, comment and grants carried over.
     *
     * @param database the new database's name
     * @return a builder
     */
    public static Builder intoNewDatabase(String database) {
        return new Builder(database, true);
    }

    /**
     * Restore into a database that exists.
     *
     * @param database its name
     * @return a builder
     */
    public static Builder intoExistingDatabase(String database) {
        return new Builder(database, false);
    }

    /** @return the target database name */
    public String database() {
        return database;
    }

    /** @return whether the database is created first */
    public boolean createDatabase() {
        return createDatabase;
    }

    /** @return the server to restore into, or {@code null} for the server the backups come from */
    public Endpoint target() {
        return target;
    }

    /** @return parallel restore jobs */
    public int jobs() {
        return jobs;
    }

    /** @return whether existing objects are dropped first ({@code --clean --if-exists}) */
    public boolean clean() {
        return clean;
    }

    /** @return whether ownership is left to the restoring role ({@code --no-owner}) */
    public boolean noOwner() {
        return noOwner;
    }

    /** @return whether the restore runs as one transaction */
    public boolean singleTransaction() {
        return singleTransaction;
    }

    /** @return whether database-level settings, comment and grants are re-applied to a new database */
    public boolean carryDatabaseSettings() {
        return carryDatabaseSettings;
    }

    /** @return whether event triggers are restored last, after everything they could fire on */
    public boolean deferEventTriggers() {
        return deferEventTriggers;
    }

    /** @return tables to restore (empty: no table filter) */
    public List<Identifier> tables() {
        return tables;
    }

    /** @return schemas to restore (empty: no schema filter) */
    public List<String> schemas() {
        return schemas;
    }

    /** @return the entry filter, or {@code null} */
    public Predicate<TocEntry> entries() {
        return entries;
    }

    /** @return whether the restore picks entries (and so needs an archive format) */
    public boolean isSelective() {
        return !tables.isEmpty() || !schemas.isEmpty() || entries != null;
    }

    /**
     * Whether an entry is selected by the table, schema and entry filters.
     *
     * @param e the entry
     * @return whether it is restored
     */
    public boolean selects(TocEntry e) {
        if (!isSelective()) {
            return true;
        }
        if (entries != null && entries.test(e)) {
            return true;
        }
        for (Identifier t : tables) {
            if (e.belongsToTable(t.schema().orElse("public"), t.name())) {
                return true;
            }
        }
        return !schemas.isEmpty() && schemas.contains(e.schema()) || !schemas.isEmpty() && e.type().equals("SCHEMA") && schemas.contains(e.name());
    }

    @Override
    public String toString() {
        return "RestoreOptions[database=" + database + ", create=" + createDatabase + ", target=" + target + ", jobs=" + jobs
                + ", clean=" + clean + ", noOwner=" + noOwner + ", singleTransaction=" + singleTransaction + ", tables=" + tables
                + ", schemas=" + schemas + "]";
    }

    /** Builds {@link RestoreOptions}. */
    public static final class Builder {
        private final String database;
        private final boolean createDatabase;
        private Endpoint target;
        private int jobs = DEFAULT_JOBS;
        private boolean clean;
        private boolean noOwner;
        private Boolean singleTransaction;
        private boolean carryDatabaseSettings = true;
        private boolean deferEventTriggers = true;
        private final List<Identifier> tables = new ArrayList<>();
        private final List<String> schemas = new ArrayList<>();
        private Predicate<TocEntry> entries;

        private Builder(String database, boolean createDatabase) {
            this.database = Identifier.of(Objects.requireNonNull(database, "database")).name();
            this.createDatabase = createDatabase;
        }

        /**
         * @param value the server to restore into (default: the server the backups come from)
         * @return this
         */
        public Builder target(Endpoint value) {
            this.target = Objects.requireNonNull(value, "target");
            return this;
        }

        /**
         * @param value parallel jobs ({@code pg_restore -j}; not with PLAIN format or a single transaction)
         * @return this
         */
        public Builder jobs(int value) {
            this.jobs = value;
            return this;
        }

        /**
         * @param value drop existing objects before creating them ({@code --clean --if-exists}; default false)
         * @return this
         */
        public Builder clean(boolean value) {
            this.clean = value;
            return this;
        }

        /**
         * @param value do not set owners ({@code --no-owner}; default false)
         * @return this
         */
        public Builder noOwner(boolean value) {
            this.noOwner = value;
            return this;
        }

        /**
         * @param value one transaction for the whole restore (default: true with one job)
         * @return this
         */
        public Builder singleTransaction(boolean value) {
            this.singleTransaction = value;
            return this;
        }

        /**
         * @param value re-apply the original database's settings, comment and grants to a new database (default true)
         * @return this
         */
        public Builder carryDatabaseSettings(boolean value) {
            this.carryDatabaseSettings = value;
            return this;
        }

        /**
         * @param value restore event triggers in a second pass, after everything else, so they cannot
         *     fire during the restore (default true; archive formats only)
         * @return this
         */
        public Builder deferEventTriggers(boolean value) {
            this.deferEventTriggers = value;
            return this;
        }

        /**
         * @param table a table to restore with its data, defaults, constraints and triggers ({@code schema.table}, default schema {@code public})
         * @return this
         */
        public Builder table(String table) {
            Identifier id = Identifier.parse(table);
            tables.add(id.schema().isPresent() ? id : id.inSchema("public"));
            return this;
        }

        /**
         * @param schema a schema whose entries are restored
         * @return this
         */
        public Builder schema(String schema) {
            schemas.add(Identifier.of(schema).name());
            return this;
        }

        /**
         * @param filter selects entries of the archive's table of contents
         * @return this
         */
        public Builder entries(Predicate<TocEntry> filter) {
            this.entries = Objects.requireNonNull(filter, "entries");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException naming the setting that does not fit
         */
        public RestoreOptions build() {
            if (jobs < 1) {
                throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
            }
            if (jobs > 1 && Boolean.TRUE.equals(singleTransaction)) {
                throw new IllegalArgumentException("singleTransaction cannot be combined with jobs > 1 (pg_restore refuses it)");
            }
            return new RestoreOptions(this);
        }
    }
}
