package dev.justpg.backup;

import dev.justpg.backup.internal.Context;
import dev.justpg.backup.internal.DumpRun;
import dev.justpg.backup.internal.Drill;
import dev.justpg.backup.internal.RestoreRun;
import dev.justpg.backup.internal.ToolLocator;
import dev.justpg.backup.internal.ToolVersionCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logical backups of one database that are proven by restoring them: {@code pg_dump},
 * {@code pg_restore}, {@code pg_dumpall} and {@code psql} orchestrated with manifests, checksums,
 * verification drills and retention.
 *
 * <pre>{@code
 * Backups backups = Backups.builder(Endpoint.of("db.internal", 5432, "app", "backup", password))
 *         .store(LocalDirectoryStore.of(Path.of("/var/backups/app")))
 *         .build();
 * Backup b = backups.backup();                 // custom format, gzip, globals, manifest
 * b = backups.verify(b);                       // restore into a scratch database and compare
 * backups.applyRetention(RetentionPolicy.builder().daily(7).weekly(4).monthly(12).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe. Every method runs in the caller's thread; interrupting it kills
 * the child process and leaves no backup that looks complete. Passwords reach the tools only
 * through a temporary 0600 {@code PGPASSFILE}.
 */
public final class Backups {

    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);

    /** The deadline of one tool run when none is configured: 6 hours. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);
    /** The database used to create and drop databases: {@value}. */
    public static final String DEFAULT_MAINTENANCE_DATABASE = "postgres";

    private final Context ctx;
    private final Path toolDirectory;

    private Backups(Builder b) {
        this.toolDirectory = b.toolDirectory;
        this.ctx = new Context(b.source, b.maintenanceDatabase, b.store, new ToolLocator(b.toolDirectory, System.getenv("PATH")),
                b.timeout, b.listener);
    }

    /**
     * Starts configuring backups of one database.
     *
     * @param source the database to back up (its server is also the default restore target)
     * @return a builder
     */
    public static Builder builder(Endpoint source) {
        return new Builder(Objects.requireNonNull(source, "source"));
    }

    /** @return the database backed up */
    public Endpoint source() {
        return ctx.source();
    }

    /** @return where backups live */
    public BackupStore store() {
        return ctx.store();
    }

    /**
     * Dumps with {@link DumpOptions#defaults()}.
     *
     * @return the published backup
     * @throws BackupException with the failure kind and the tool's message
     */
    public Backup backup() {
        return dump(DumpOptions.defaults());
    }

    /**
     * Dumps the database in one snapshot; writes globals, checksums and the manifest; publishes the
     * backup only when everything is written.
     *
     * @param options what and how
     * @return the published backup
     * @throws BackupException with the failure kind and the tool's message
     */
    public Backup dump(DumpOptions options) {
        return DumpRun.run(ctx, Objects.requireNonNull(options, "options"));
    }

    /**
     * The backups in the store, oldest first.
     *
     * @return the backups
     */
    public List<Backup> list() {
        return ctx.store().list();
    }

    /**
     * The newest backup.
     *
     * @return the newest backup, or empty
     */
    public Optional<Backup> latest() {
        List<Backup> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The table of contents of an archive ({@code pg_restore -l}).
     *
     * @param backup a CUSTOM, DIRECTORY or TAR backup
     * @return the entries
     */
    public List<TocEntry> contents(Backup backup) {
        return RestoreRun.contents(ctx, backup);
    }

    /**
     * Restores a backup; stops at the first error. A database created for the restore is dropped
     * again when the restore fails.
     *
     * @param backup the backup
     * @param options where and how
     * @return what was done
     * @throws BackupException with the failure kind and the tool's message
     * @throws IllegalArgumentException when the options do not fit the backup, before anything is changed
     */
    public RestoreResult restore(Backup backup, RestoreOptions options) {
        return RestoreRun.run(ctx, Objects.requireNonNull(backup, "backup"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Streams a dump of the source database straight into another database ({@code pg_dump | pg_restore}),
     * without a file.
     *
     * @param dump which objects (format and compression are ignored)
     * @param options where (no selection, one job)
     * @return what was done
     */
    public RestoreResult copy(DumpOptions dump, RestoreOptions options) {
        return RestoreRun.copy(ctx, dump, options);
    }

    /**
     * The verification drill on the source server: restore into a scratch database, compare with the
     * manifest, drop it, and record the verdict in the manifest.
     *
     * @param backup the backup
     * @return the backup with the verdict in {@link Manifest#verification()}
     */
    public Backup verify(Backup backup) {
        return Drill.run(ctx, backup, null);
    }

    /**
     * The verification drill on another server (for example a spare of the same major version).
     *
     * @param backup the backup
     * @param server any endpoint of that server (a role that may create databases)
     * @return the backup with the verdict in {@link Manifest#verification()}
     */
    public Backup verify(Backup backup, Endpoint server) {
        return Drill.run(ctx, backup, Objects.requireNonNull(server, "server"));
    }

    /**
     * Which backups a policy keeps and deletes, without deleting (dry run).
     *
     * @param policy the policy
     * @param zone the zone whose calendar days, weeks, months and years count
     * @return the plan
     */
    public RetentionPlan planRetention(RetentionPolicy policy, ZoneId zone) {
        return policy.plan(list().stream().map(RetentionPolicy.Candidate::of).toList(), zone);
    }

    /**
     * Deletes what a policy does not keep (in the system time zone).
     *
     * @param policy the policy
     * @return the plan that was applied
     */
    public RetentionPlan applyRetention(RetentionPolicy policy) {
        RetentionPlan plan = planRetention(policy, ZoneId.systemDefault());
        for (RetentionPlan.Decision d : plan.delete()) {
            ctx.store().delete(d.id());
            LOG.info("backup {} deleted by retention", d.id());
        }
        return plan;
    }

    /**
     * Finds a client tool for a server of the given major version, as a run would.
     *
     * @param name {@link ClientTool#PG_DUMP} and the like
     * @param serverMajor the server's major version
     * @return the tool
     * @throws BackupException TOOL_NOT_FOUND or VERSION_MISMATCH naming what to install
     */
    public ClientTool tool(String name, int serverMajor) {
        return ctx.tools().locate(name, serverMajor, "work with a PostgreSQL " + serverMajor + " server");
    }

    /**
     * Checks that every tool a backup and its verification need is present and new enough for the
     * source server, before the first run.
     *
     * @return the tools
     * @throws BackupException TOOL_NOT_FOUND or VERSION_MISMATCH naming what to install
     */
    public List<ClientTool> checkTools() {
        return ToolVersionCheck.check(ctx);
    }

    @Override
    public String toString() {
        return "Backups[source=" + ctx.source() + ", store=" + ctx.store() + ", toolDirectory=" + (toolDirectory == null ? "search" : toolDirectory)
                + ", timeout=" + ctx.timeout() + "]";
    }

    /** Builds {@link Backups}. */
    public static final class Builder {
        private final Endpoint source;
        private BackupStore store;
        private Path toolDirectory;
        private Duration timeout = DEFAULT_TIMEOUT;
        private String maintenanceDatabase = DEFAULT_MAINTENANCE_DATABASE;
        private BackupListener listener = BackupListener.NONE;

        private Builder(Endpoint source) {
            this.source = source;
        }

        /**
         * @param value where backups live (required)
         * @return this
         */
        public Builder store(BackupStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * @param value the only directory to take client tools from (default: search the usual install locations and PATH)
         * @return this
         */
        public Builder toolDirectory(Path value) {
            this.toolDirectory = Objects.requireNonNull(value, "toolDirectory");
            return this;
        }

        /**
         * @param value the deadline of one tool run (default {@link #DEFAULT_TIMEOUT})
         * @return this
         */
        public Builder timeout(Duration value) {
            this.timeout = Objects.requireNonNull(value, "timeout");
            return this;
        }

        /**
         * @param value the database to connect to when creating and dropping databases (default {@value #DEFAULT_MAINTENANCE_DATABASE})
         * @return this
         */
        public Builder maintenanceDatabase(String value) {
            this.maintenanceDatabase = Objects.requireNonNull(value, "maintenanceDatabase");
            return this;
        }

        /**
         * @param value receives progress events (default none)
         * @return this
         */
        public Builder listener(BackupListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the entry point
         * @throws IllegalArgumentException naming the bad setting
         */
        public Backups build() {
            if (store == null) {
                throw new IllegalArgumentException("store is required: Backups.builder(...).store(LocalDirectoryStore.of(dir))");
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            if (toolDirectory != null && !java.nio.file.Files.isDirectory(toolDirectory)) {
                throw new IllegalArgumentException("toolDirectory " + toolDirectory + " is not a directory");
            }
            Backups b = new Backups(this);
            LOG.info("backups configured: {}", b);
            return b;
        }
    }
}
