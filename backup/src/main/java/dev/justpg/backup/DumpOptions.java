package dev.justpg.backup;

import dev.justpg.core.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to dump and how. Immutable; build with {@link #builder()}, or take {@link #defaults()}.
 *
 * <p>Table and schema filters are exact names, not {@code pg_dump} patterns: a table without a
 * schema means {@code public}. Two flags of {@code pg_dump} are left out on purpose:
 * {@code --no-privileges} (it also drops large-object grants and default privileges) and
 * {@code --no-unlogged-table-data} (it also resets those tables' sequences); see {@code docs/backup.md}.
 */
public final class DumpOptions {

    /** The default format: {@link Format#CUSTOM} (selective and parallel restore). */
    public static final Format DEFAULT_FORMAT = Format.CUSTOM;
    /** The default compression: gzip level 6, {@code pg_dump}'s own default for custom format. */
    public static final Compression DEFAULT_COMPRESSION = Compression.gzip(6);
    /** The default number of parallel dump jobs: 1 (more needs {@link Format#DIRECTORY}). */
    public static final int DEFAULT_JOBS = 1;
    /** The default for globals: roles without password hashes. */
    public static final GlobalsMode DEFAULT_GLOBALS = GlobalsMode.WITHOUT_PASSWORDS;

    private final Format format;
    private final Compression compression;
    private final int jobs;
    private final List<Identifier> includeTables;
    private final List<Identifier> excludeTables;
    private final List<String> includeSchemas;
    private final List<String> excludeSchemas;
    private final boolean schemaOnly;
    private final boolean dataOnly;
    private final boolean rowCounts;
    private final GlobalsMode globals;
    private final String label;

    private DumpOptions(Builder b) {
        this.format = b.format;
        this.compression = b.compression;
        this.jobs = b.jobs;
        this.includeTables = List.copyOf(b.includeTables);
        this.excludeTables = List.copyOf(b.excludeTables);
        this.includeSchemas = List.copyOf(b.includeSchemas);
        this.excludeSchemas = List.copyOf(b.excludeSchemas);
        this.schemaOnly = b.schemaOnly;
        this.dataOnly = b.dataOnly;
        this.rowCounts = b.rowCounts;
        this.globals = b.globals;
        this.label = b.label;
    }

    /** @return the defaults: custom format, gzip 6, one job, globals without passwords, row counts on */
    public static DumpOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the format */
    public Format format() {
        return format;
    }

    /** @return the compression ({@link Compression#NONE} for tar) */
    public Compression compression() {
        return compression;
    }

    /** @return the parallel jobs */
    public int jobs() {
        return jobs;
    }

    /** @return tables to dump (empty: all) */
    public List<Identifier> includeTables() {
        return includeTables;
    }

    /** @return tables to leave out */
    public List<Identifier> excludeTables() {
        return excludeTables;
    }

    /** @return schemas to dump (empty: all) */
    public List<String> includeSchemas() {
        return includeSchemas;
    }

    /** @return schemas to leave out */
    public List<String> excludeSchemas() {
        return excludeSchemas;
    }

    /** @return whether only the schema is dumped */
    public boolean schemaOnly() {
        return schemaOnly;
    }

    /** @return whether only the data is dumped */
    public boolean dataOnly() {
        return dataOnly;
    }

    /** @return whether exact row counts go into the manifest */
    public boolean rowCounts() {
        return rowCounts;
    }

    /** @return whether and how globals are dumped */
    public GlobalsMode globals() {
        return globals;
    }

    /** @return the label written into the manifest */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return "DumpOptions[format=" + format + ", compression=" + compression + ", jobs=" + jobs + ", includeTables=" + includeTables
                + ", excludeTables=" + excludeTables + ", includeSchemas=" + includeSchemas + ", excludeSchemas=" + excludeSchemas
                + ", schemaOnly=" + schemaOnly + ", dataOnly=" + dataOnly + ", rowCounts=" + rowCounts + ", globals=" + globals + "]";
    }

    /** Builds {@link DumpOptions}. */
    public static final class Builder {
        private Format format = DEFAULT_FORMAT;
        private Compression compression;
        private int jobs = DEFAULT_JOBS;
        private final List<Identifier> includeTables = new ArrayList<>();
        private final List<Identifier> excludeTables = new ArrayList<>();
        private final List<String> includeSchemas = new ArrayList<>();
        private final List<String> excludeSchemas = new ArrayList<>();
        private boolean schemaOnly;
        private boolean dataOnly;
        private boolean rowCounts = true;
        private GlobalsMode globals = DEFAULT_GLOBALS;
        private String label = "";

        private Builder() {
        }

        /**
         * @param value the archive format (default {@link #DEFAULT_FORMAT})
         * @return this
         */
        public Builder format(Format value) {
            this.format = Objects.requireNonNull(value, "format");
            return this;
        }

        /**
         * @param value the compression (default {@link #DEFAULT_COMPRESSION}; {@link Compression#NONE} for tar)
         * @return this
         */
        public Builder compression(Compression value) {
            this.compression = Objects.requireNonNull(value, "compression");
            return this;
        }

        /**
         * @param value parallel dump jobs, more than 1 only with {@link Format#DIRECTORY} (default {@value #DEFAULT_JOBS})
         * @return this
         */
        public Builder jobs(int value) {
            this.jobs = value;
            return this;
        }

        /**
         * @param table a table to dump ({@code pg_dump -t}); only listed tables are dumped
         * @return this
         */
        public Builder includeTable(String table) {
            includeTables.add(qualified(table));
            return this;
        }

        /**
         * @param table a table to leave out ({@code pg_dump -T})
         * @return this
         */
        public Builder excludeTable(String table) {
            excludeTables.add(qualified(table));
            return this;
        }

        /**
         * @param schema a schema to dump ({@code pg_dump -n}); only listed schemas are dumped
         * @return this
         */
        public Builder includeSchema(String schema) {
            includeSchemas.add(Identifier.of(schema).name());
            return this;
        }

        /**
         * @param schema a schema to leave out ({@code pg_dump -N})
         * @return this
         */
        public Builder excludeSchema(String schema) {
            excludeSchemas.add(Identifier.of(schema).name());
            return this;
        }

        /**
         * @param value dump only the schema, no rows (default false)
         * @return this
         */
        public Builder schemaOnly(boolean value) {
            this.schemaOnly = value;
            return this;
        }

        /**
         * @param value dump only the rows (default false)
         * @return this
         */
        public Builder dataOnly(boolean value) {
            this.dataOnly = value;
            return this;
        }

        /**
         * @param value record exact row counts in the dump's snapshot (default true; the verification drill needs them)
         * @return this
         */
        public Builder rowCounts(boolean value) {
            this.rowCounts = value;
            return this;
        }

        /**
         * @param value whether to save roles and tablespaces alongside (default {@link #DEFAULT_GLOBALS})
         * @return this
         */
        public Builder globals(GlobalsMode value) {
            this.globals = Objects.requireNonNull(value, "globals");
            return this;
        }

        /**
         * @param value a label for the manifest (default empty)
         * @return this
         */
        public Builder label(String value) {
            this.label = Objects.requireNonNull(value, "label");
            return this;
        }

        private static Identifier qualified(String table) {
            Identifier id = Identifier.parse(table);
            return id.schema().isPresent() ? id : id.inSchema("public");
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException naming the setting that does not fit
         */
        public DumpOptions build() {
            if (compression == null) {
                compression = format == Format.TAR ? Compression.NONE : DEFAULT_COMPRESSION;
            }
            if (jobs < 1) {
                throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
            }
            if (jobs > 1 && format != Format.DIRECTORY) {
                throw new IllegalArgumentException("jobs > 1 needs format DIRECTORY (pg_dump writes other formats serially), got " + format);
            }
            if (format == Format.TAR && compression.method() != Compression.Method.NONE) {
                throw new IllegalArgumentException("compression is not supported by format TAR; use CUSTOM or DIRECTORY, or Compression.NONE");
            }
            if (format == Format.PLAIN && compression.method() != Compression.Method.NONE && compression.method() != Compression.Method.GZIP) {
                throw new IllegalArgumentException("compression " + compression + " with format PLAIN cannot be replayed by psql here; use gzip or CUSTOM");
            }
            if (schemaOnly && dataOnly) {
                throw new IllegalArgumentException("schemaOnly and dataOnly exclude each other");
            }
            return new DumpOptions(this);
        }
    }
}
