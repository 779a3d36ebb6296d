package dev.justpg.backup.pitr;

import dev.justpg.backup.pitr.internal.Trees;
import dev.justpg.core.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A point-in-time recovery drill, end to end: take a base backup, run a workload, note the time,
 * run a "disaster", archive the WAL, recover a scratch copy to the noted time, run the caller's
 * check on it, and report the recovery time and the data-loss window. The scratch server never
 * archives into the production archive and is stopped and deleted at the end.
 *
 * <pre>{@code
 * DrillReport report = PitrDrill.builder(adminDb, backups, archive, launcher)
 *         .workDirectory(Path.of("/var/tmp/pitr-drill"))
 *         .workload(db -> db.execute("insert into orders(note) values ('before')"))
 *         .disaster(db -> db.execute("drop table orders"))
 *         .check(db -> db.inTransaction(tx -> tx.queryOne("select count(*) from orders", r -> r.getLong(1))) > 0)
 *         .build().run();
 * }</pre>
 */
public final class PitrDrill {

    /** Default bound on the archiving and recovery waits. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final Database source;
    private final BaseBackups backups;
    private final WalArchive archive;
    private final ServerLauncher launcher;
    private final Path workDirectory;
    private final Consumer<Database> workload;
    private final Consumer<Database> disaster;
    private final java.util.function.Predicate<Database> check;
    private final Duration timeout;

    private PitrDrill(Builder b) {
        this.source = b.source;
        this.backups = b.backups;
        this.archive = b.archive;
        this.launcher = b.launcher;
        this.workDirectory = b.workDirectory;
        this.workload = b.workload;
        this.disaster = b.disaster;
        this.check = b.check;
        this.timeout = b.timeout;
    }

    /**
     * A drill on an archiving server.
     *
     * @param source the server, as a role that may run {@code pg_switch_wal}
     * @param backups takes the drill's base backup
     * @param archive the archive the server writes to (see {@link WalArchiving#configure})
     * @param launcher starts the scratch server
     * @return the builder
     */
    public static Builder builder(Database source, BaseBackups backups, WalArchive archive, ServerLauncher launcher) {
        return new Builder(source, backups, archive, launcher);
    }

    /**
     * Runs the drill.
     *
     * @return the report; {@link DrillReport#passed()} is false when recovery missed the point or the
     *     check rejected the recovered data
     * @throws PitrException when a step cannot run at all (no archiving, the base backup fails)
     */
    public DrillReport run() {
        if (!WalArchiving.status(source).isEnabled()) {
            throw new PitrException("the source server does not archive WAL (archive_mode is off): run"
                    + " WalArchiving.configure(...) and restart it before the drill");
        }
        Path base = workDirectory.resolve("base-" + System.currentTimeMillis());
        Path restore = workDirectory.resolve("restore-" + System.currentTimeMillis());
        BaseBackup backup = backups.take(base);
        workload.accept(source);
        Instant noted = serverNow();
        sleep();
        // recovery learns that it passed a time only from a commit stamped later: commit one
        source.inTransaction(tx -> tx.queryOne("select txid_current()", r -> r.getLong(1)));
        Instant disasterAt = serverNow();
        disaster.accept(source);
        WalArchiving.switchAndAwait(source, archive, timeout);
        try (RecoveryResult r = Recovery.builder(backup, archive).target(RecoveryTarget.time(noted))
                .dataDirectory(restore).scratch(true).timeout(timeout).build().run(launcher)) {
            Duration window = Duration.between(r.lastCommit().orElse(backup.startedAt()), disasterAt);
            Optional<String> failure = Optional.empty();
            try {
                if (!check.test(Database.of(r.server().dataSource()))) {
                    failure = Optional.of("the check rejected the data recovered to " + noted);
                }
            } catch (RuntimeException e) {
                failure = Optional.of("the check failed on the data recovered to " + noted + ": " + e);
            }
            return new DrillReport(failure.isEmpty(), backup, noted, disasterAt, r.lastCommit(), r.elapsed(), window,
                    r.stopMessage(), failure);
        } catch (RecoveryTargetNotReachedException e) {
            return new DrillReport(false, backup, noted, disasterAt, Optional.empty(), Duration.ZERO, Duration.ZERO,
                    Optional.empty(), Optional.of(e.getMessage()));
        } finally {
            Trees.deleteQuietly(restore);
        }
    }

    private Instant serverNow() {
        return source.inTransaction(tx -> tx.queryOne("select clock_timestamp()", r -> r.getTimestamp(1).toInstant()));
    }

    private static void sleep() {
        try {
            Thread.sleep(20); // the noted time and the disaster's first commit never share a timestamp
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PitrException("interrupted during the drill");
        }
    }

    /** Configures a {@link PitrDrill}. */
    public static final class Builder {
        private final Database source;
        private final BaseBackups backups;
        private final WalArchive archive;
        private final ServerLauncher launcher;
        private Path workDirectory;
        private Consumer<Database> workload = db -> { };
        private Consumer<Database> disaster = db -> { };
        private java.util.function.Predicate<Database> check = db -> true;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(Database source, BaseBackups backups, WalArchive archive, ServerLauncher launcher) {
            this.source = Objects.requireNonNull(source, "source");
            this.backups = Objects.requireNonNull(backups, "backups");
            this.archive = Objects.requireNonNull(archive, "archive");
            this.launcher = Objects.requireNonNull(launcher, "launcher");
        }

        /**
         * Where the drill puts its base backup and scratch data directory (required).
         *
         * @param value a directory
         * @return this builder
         */
        public Builder workDirectory(Path value) {
            this.workDirectory = Objects.requireNonNull(value, "workDirectory").toAbsolutePath().normalize();
            return this;
        }

        /**
         * Work done after the base backup and before the noted time: it must survive recovery.
         *
         * @param value the workload, given the source database
         * @return this builder
         */
        public Builder workload(Consumer<Database> value) {
            this.workload = Objects.requireNonNull(value, "workload");
            return this;
        }

        /**
         * The "disaster" after the noted time: recovery must undo it.
         *
         * @param value the disaster, given the source database
         * @return this builder
         */
        public Builder disaster(Consumer<Database> value) {
            this.disaster = Objects.requireNonNull(value, "disaster");
            return this;
        }

        /**
         * Checks the recovered copy (default: accept).
         *
         * @param value returns {@code true} when the recovered data is right
         * @return this builder
         */
        public Builder check(java.util.function.Predicate<Database> value) {
            this.check = Objects.requireNonNull(value, "check");
            return this;
        }

        /**
         * The bound on archiving and on recovery (default {@link #DEFAULT_TIMEOUT}).
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = Trees.positive(value, "timeout");
            return this;
        }

        /**
         * Checks the settings.
         *
         * @return the drill
         * @throws IllegalArgumentException when the work directory is missing
         */
        public PitrDrill build() {
            if (workDirectory == null) {
                throw new IllegalArgumentException("workDirectory is required: where the drill's base backup and"
                        + " scratch copy go");
            }
            return new PitrDrill(this);
        }
    }
}
