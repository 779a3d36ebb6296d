package dev.justpg.backup.pitr;

import dev.justpg.backup.pitr.internal.Trees;
import dev.justpg.backup.pitr.internal.DataDirectory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Point-in-time recovery of a base backup: lays it into a new data directory with the recovery
 * settings and {@code recovery.signal}, starts a server on it through a {@link ServerLauncher},
 * and waits, with a bound, until recovery reaches its target. A target past the end of the
 * archived WAL is reported ({@link RecoveryTargetNotReachedException}), never waited on.
 *
 * <pre>{@code
 * RecoveryResult r = Recovery.builder(baseBackup, archive)
 *         .target(RecoveryTarget.time(Instant.parse("2026-12-02T14:46:00Z")))
 *         .dataDirectory(Path.of("/restore/pg-1446"))
 *         .build()
 *         .run(launcher);                               // PROMOTED at 14:46; r.server() is running
 * }</pre>
 */
public final class Recovery {

    /** Default bound on the wait for recovery to reach its target. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private static final Pattern STOPPING = Pattern.compile("(recovery stopping [^\\n]*|"
            + "recovery has paused[^\\n]*|redo done at [^\\n]*)");
    private static final String NOT_REACHED = "recovery ended before configured recovery target was reached";

    private final BaseBackup backup;
    private final WalArchive archive;
    private final RecoveryTarget target;
    private final Path dataDirectory;
    private final boolean scratch;
    private final Duration timeout;

    private Recovery(Builder b) {
        this.backup = b.backup;
        this.archive = b.archive;
        this.target = b.target;
        this.dataDirectory = b.dataDirectory;
        this.scratch = b.scratch;
        this.timeout = b.timeout;
    }

    /**
     * A recovery of a base backup with WAL from an archive.
     *
     * @param backup a base backup ({@link BaseBackups#take})
     * @param archive the archive holding the WAL written since
     * @return the builder
     */
    public static Builder builder(BaseBackup backup, WalArchive archive) {
        return new Builder(backup, archive);
    }

    /**
     * Lays the backup into the data directory and writes the recovery settings, without starting a
     * server (for a server started by other means). Idempotent only on an empty or missing directory.
     *
     * @return the prepared data directory
     * @throws PitrException when the directory is not empty or the backup cannot be copied
     */
    public Path prepare() {
        DataDirectory.layOut(backup.directory(), backup.format(), dataDirectory);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("restore_command", archive.restoreCommand());
        settings.putAll(target.settings());
        if (scratch) {
            // a drill's copy must never write its own timeline into the production archive
            settings.put("archive_mode", "off");
        }
        DataDirectory.writeRecoverySettings(dataDirectory, settings);
        return dataDirectory;
    }

    /**
     * Prepares the data directory, starts a server on it and waits for recovery to stop at the
     * target.
     *
     * @param launcher starts the server
     * @return where recovery stopped, with the running server (close it when done)
     * @throws RecoveryTargetNotReachedException when the archived WAL ends before the target
     * @throws PitrException when the server fails otherwise or recovery does not finish in time
     */
    public RecoveryResult run(ServerLauncher launcher) {
        Objects.requireNonNull(launcher, "launcher");
        prepare();
        long started = System.nanoTime();
        LaunchedServer server;
        try {
            server = launcher.start(dataDirectory);
        } catch (RuntimeException e) {
            String text = String.valueOf(e.getMessage());
            if (text.contains(NOT_REACHED)) {
                throw notReached(text, e);
            }
            throw new PitrException("the server did not start on the recovered data directory " + dataDirectory + ": "
                    + text, e);
        }
        try {
            return await(server, started);
        } catch (RuntimeException e) {
            try {
                server.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private RecoveryResult await(LaunchedServer server, long started) {
        long deadline = started + timeout.toNanos();
        while (true) {
            if (!server.isRunning() || !answers(server)) {
                String log = server.logTail(60);
                if (log.contains(NOT_REACHED)) {
                    throw notReached(log, null);
                }
                if (target.action() == TargetAction.SHUTDOWN && stopLine(log).isPresent()) {
                    return new RecoveryResult(target, RecoveryState.SHUT_DOWN, Optional.empty(), Optional.empty(),
                            stopLine(log), elapsed(started), server);
                }
                if (!server.isRunning()) {
                    throw new PitrException("the recovering server stopped before reaching " + target
                            + "; its log ends with:\n" + log);
                }
            } else {
                Optional<RecoveryResult> done = check(server, started);
                if (done.isPresent()) {
                    return done.get();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new PitrException("recovery did not reach " + target + " within " + timeout + "; raise the"
                        + " timeout for a large WAL volume, or read the server log:\n" + server.logTail(30));
            }
            sleep();
        }
    }

    private static boolean answers(LaunchedServer server) {
        try (Connection c = server.dataSource().getConnection()) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private Optional<RecoveryResult> check(LaunchedServer server, long started) {
        try (Connection c = server.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_is_in_recovery(),"
                        + " case when pg_is_in_recovery() then pg_get_wal_replay_pause_state() else 'not paused' end,"
                        + " pg_last_wal_replay_lsn()::text, pg_last_xact_replay_timestamp()")) {
            rs.next();
            boolean inRecovery = rs.getBoolean(1);
            boolean paused = "paused".equals(rs.getString(2));
            Optional<Lsn> lsn = Optional.ofNullable(rs.getString(3)).map(Lsn::parse);
            Timestamp commit = rs.getTimestamp(4);
            RecoveryState state = !inRecovery ? RecoveryState.PROMOTED : paused ? RecoveryState.PAUSED : null;
            if (state == null) {
                return Optional.empty();
            }
            return Optional.of(new RecoveryResult(target, state, lsn, Optional.ofNullable(commit)
                    .map(Timestamp::toInstant), stopLine(server.logTail(200)), elapsed(started), server));
        } catch (SQLException e) {
            return Optional.empty(); // restarting into production mode, or shutting down: look again
        }
    }

    private static Optional<String> stopLine(String log) {
        Matcher m = STOPPING.matcher(log);
        String found = null;
        while (m.find()) {
            if (found == null || !m.group(1).startsWith("redo done")) {
                found = m.group(1).strip();
            }
        }
        return Optional.ofNullable(found);
    }

    private RecoveryTargetNotReachedException notReached(String log, Throwable cause) {
        Matcher m = Pattern.compile("(last completed transaction was at log time [^\\n]*|redo done at [^\\n]*)")
                .matcher(log);
        String end = m.find() ? m.group(1) : "the end of the archived WAL";
        return new RecoveryTargetNotReachedException("recovery replayed all archived WAL but did not reach " + target
                + " (" + end + "): the target is after the end of the archive " + archive.root() + "; choose an"
                + " earlier target, or archive the missing WAL first (WalArchiving.switchAndAwait on the source)",
                cause);
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PitrException("interrupted while waiting for recovery");
        }
    }

    /** Configures a {@link Recovery}. */
    public static final class Builder {
        private final BaseBackup backup;
        private final WalArchive archive;
        private RecoveryTarget target = RecoveryTarget.latest();
        private Path dataDirectory;
        private boolean scratch;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(BaseBackup backup, WalArchive archive) {
            this.backup = Objects.requireNonNull(backup, "backup");
            this.archive = Objects.requireNonNull(archive, "archive");
        }

        /**
         * Where recovery stops (default {@link RecoveryTarget#latest()}).
         *
         * @param value the target
         * @return this builder
         */
        public Builder target(RecoveryTarget value) {
            this.target = Objects.requireNonNull(value, "target");
            return this;
        }

        /**
         * The new data directory (required): missing or empty.
         *
         * @param value the directory
         * @return this builder
         */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory").toAbsolutePath().normalize();
            return this;
        }

        /**
         * A scratch recovery for a drill or an inspection (default {@code false}): the recovered server
         * gets {@code archive_mode = off} so it never writes into the archive it reads.
         *
         * @param value whether this is a scratch copy
         * @return this builder
         */
        public Builder scratch(boolean value) {
            this.scratch = value;
            return this;
        }

        /**
         * The bound on the wait for recovery (default {@link #DEFAULT_TIMEOUT}).
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
         * @return the recovery
         * @throws IllegalArgumentException when the data directory is missing or the backup's
         *     format cannot be laid out
         */
        public Recovery build() {
            if (dataDirectory == null) {
                throw new IllegalArgumentException("dataDirectory is required: a new, empty directory for the"
                        + " recovered server");
            }
            if (dataDirectory.startsWith(backup.directory()) || backup.directory().startsWith(dataDirectory)) {
                throw new IllegalArgumentException("dataDirectory " + dataDirectory + " overlaps the base backup "
                        + backup.directory() + ": recover into a separate directory, the backup stays as it is");
            }
            return new Recovery(this);
        }
    }
}
