package dev.justpg.backup.pitr;

import dev.justpg.backup.pitr.internal.Trees;
import dev.justpg.backup.BackupException;
import dev.justpg.backup.BackupListener;
import dev.justpg.backup.ClientTool;
import dev.justpg.backup.Compression;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.internal.Connections;
import dev.justpg.backup.internal.ToolLocator;
import dev.justpg.backup.internal.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base backups with {@code pg_basebackup}: plain or tar, WAL streamed alongside ({@code -X stream})
 * so the backup is usable on its own, optional compression, a fast or spread checkpoint, progress
 * events, the backup manifest with SHA-256 checksums, and verification with {@code pg_verifybackup}.
 * The password reaches the tools only through a temporary 0600 {@code PGPASSFILE}.
 *
 * <p>A backup is written under a temporary name next to its target and renamed when complete, so
 * a failed, cancelled or timed-out run never leaves a directory that looks like a backup.
 *
 * <pre>{@code
 * BaseBackups backups = BaseBackups.builder(Endpoint.of("db.internal", 5432, "postgres", "backup", secret))
 *         .checkpoint(Checkpoint.FAST).build();
 * BaseBackup b = backups.take(Path.of("/backups/base/2026-12-02"));
 * backups.verify(b);                                  // pg_verifybackup against the manifest
 * }</pre>
 *
 * <p>The role needs the {@code REPLICATION} attribute and a {@code pg_hba.conf} line for replication
 * connections; failures of either are reported with the line or statement that fixes them.
 */
public final class BaseBackups {

    private static final Logger LOG = LoggerFactory.getLogger(BaseBackups.class);
    private static final Pattern PROGRESS = Pattern.compile("(\\d+)/(\\d+) kB \\((\\d+)%\\)");

    /** Default bound on one base backup. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(12);

    private final Endpoint source;
    private final ToolLocator tools;
    private final BaseBackupFormat format;
    private final Compression compression;
    private final Checkpoint checkpoint;
    private final String label;
    private final Duration timeout;
    private final Consumer<BaseBackupProgress> progress;

    private BaseBackups(Builder b) {
        this.source = b.source;
        this.tools = new ToolLocator(b.toolDirectory, System.getenv("PATH"));
        this.format = b.format;
        this.compression = b.compression;
        this.checkpoint = b.checkpoint;
        this.label = b.label;
        this.timeout = b.timeout;
        this.progress = b.progress;
        LOG.info("base backups of {}: format {}, compression {}, checkpoint {}, timeout {}", source, format,
                compression.method(), checkpoint, timeout);
    }

    /**
     * A builder for backups of a server.
     *
     * @param source the server (any database; the role needs REPLICATION)
     * @return the builder
     */
    public static Builder builder(Endpoint source) {
        return new Builder(source);
    }

    /**
     * Takes a base backup into a new directory.
     *
     * @param target the backup directory to create (must not exist)
     * @return the finished backup
     * @throws PitrException when the backup fails (the message says why and how to fix it; nothing is
     *     left at {@code target})
     */
    public BaseBackup take(Path target) {
        Path dir = Objects.requireNonNull(target, "target").toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            throw new IllegalArgumentException("the backup directory " + dir + " already exists: give a new path for"
                    + " each base backup");
        }
        int major;
        long segmentSize;
        try (Connection c = Connections.open(source); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select current_setting('server_version_num')::int / 10000,"
                        + " pg_size_bytes(current_setting('wal_segment_size'))")) {
            rs.next();
            major = rs.getInt(1);
            segmentSize = rs.getLong(2);
        } catch (SQLException e) {
            throw new PitrException("could not read the server version of " + source + ": " + e.getMessage(), e);
        }
        ClientTool tool = tools.locate("pg_basebackup", major, "take a base backup of a PostgreSQL " + major + " server");
        Path work = dir.resolveSibling("." + dir.getFileName() + ".justpg-partial");
        List<String> args = new ArrayList<>(List.of("-h", source.host(), "-p", Integer.toString(source.port()),
                "-U", source.user(), "--no-password", "-D", work.toString(),
                "--format=" + (format == BaseBackupFormat.PLAIN ? "plain" : "tar"), "--wal-method=stream",
                "--checkpoint=" + checkpoint.name().toLowerCase(Locale.ROOT), "--label=" + label,
                "--manifest-checksums=SHA256", "--progress", "--verbose", "--no-sync"));
        if (compression.method() != Compression.Method.NONE) {
            args.add("--compress=client-" + compression.method().name().toLowerCase(Locale.ROOT) + ":"
                    + compression.level());
        }
        Instant started = Instant.now();
        try {
            Trees.delete(work);
            new ToolRunner().stage(new ToolRunner.Stage(tool, args, source)).timeout(timeout)
                    .listener(progressListener()).run();
            syncTree(work);
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (BackupException e) {
            deleteQuietly(work);
            throw explain(e);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(work);
            throw e instanceof PitrException ? (PitrException) e
                    : new PitrException("the base backup into " + dir + " failed: " + e.getMessage(), e);
        }
        return describe(dir, segmentSize, started, Instant.now());
    }

    private BackupListener progressListener() {
        return event -> {
            Matcher m = PROGRESS.matcher(event.line());
            if (m.find()) {
                progress.accept(new BaseBackupProgress(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                        Integer.parseInt(m.group(3))));
            }
        };
    }

    private BaseBackup describe(Path dir, long segmentSize, Instant started, Instant finished) {
        try {
            String manifest = Files.readString(dir.resolve("backup_manifest"));
            Matcher range = Pattern.compile("\"Timeline\"\\s*:\\s*(\\d+)\\s*,\\s*\"Start-LSN\"\\s*:\\s*\"([0-9A-F/]+)\""
                    + "\\s*,\\s*\"End-LSN\"\\s*:\\s*\"([0-9A-F/]+)\"").matcher(manifest);
            if (!range.find()) {
                throw new PitrException("the backup manifest in " + dir + " has no WAL range");
            }
            int timeline = Integer.parseInt(range.group(1));
            Lsn start = Lsn.parse(range.group(2));
            Lsn end = Lsn.parse(range.group(3));
            long bytes;
            try (Stream<Path> all = Files.walk(dir)) {
                bytes = all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            return new BaseBackup(dir, format, timeline, start, end, start.segmentFileName(timeline, segmentSize),
                    started, finished, bytes);
        } catch (IOException e) {
            throw new PitrException("could not read the backup manifest in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a plain-format backup with {@code pg_verifybackup}: every file's size and SHA-256
     * against the manifest, no file missing or extra, and the WAL it needs parseable.
     *
     * @param backup the backup
     * @return the verdict (a modified file makes it not ok)
     * @throws IllegalArgumentException for a tar backup, which pg_verifybackup 15 cannot read
     */
    public BaseBackupVerification verify(BaseBackup backup) {
        if (backup.format() != BaseBackupFormat.PLAIN) {
            throw new IllegalArgumentException("pg_verifybackup checks plain-format backups only (before PostgreSQL 18);"
                    + " take plain backups to verify them, or extract the tar files first");
        }
        ClientTool tool = tools.locate("pg_verifybackup", 13, "verify a base backup");
        try {
            new ToolRunner().stage(new ToolRunner.Stage(tool, List.of(backup.directory().toString()), null))
                    .timeout(timeout).run();
            return new BaseBackupVerification(true, List.of());
        } catch (BackupException e) {
            List<String> lines = e.toolMessage().lines().filter(l -> !l.isBlank()).toList();
            return new BaseBackupVerification(false, lines.isEmpty() ? List.of(e.getMessage()) : lines);
        }
    }

    private PitrException explain(BackupException e) {
        String tool = e.toolMessage();
        String fix;
        if (tool.contains("no pg_hba.conf entry for replication connection")) {
            fix = "allow replication connections for the role in pg_hba.conf, for example 'host replication "
                    + source.user() + " <client address>/32 scram-sha-256', then SELECT pg_reload_conf()";
        } else if (tool.contains("must be superuser or replication role")
                || tool.contains("permission denied to start WAL sender")) {
            fix = "give the role the REPLICATION attribute: ALTER ROLE " + source.user() + " REPLICATION";
        } else if (tool.contains("max_wal_senders")) {
            fix = "raise max_wal_senders on the server (a restart is needed); a streamed base backup uses two";
        } else if (tool.contains("password authentication failed")) {
            fix = "check the password given to the Endpoint";
        } else {
            fix = "see pg_basebackup's message above";
        }
        return new PitrException("pg_basebackup failed (" + e.kind() + "): " + tool.strip() + "\nto fix: " + fix, e);
    }

    private static void syncTree(Path dir) throws IOException {
        // pg_basebackup ran with --no-sync; flush once here, then rename, so a crash cannot leave a
        // complete-looking backup whose files were never on disk
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p,
                            java.nio.file.StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Trees.deleteQuietly(dir)) {
            LOG.warn("could not delete the partial base backup {}", dir);
        }
    }

    /** Configures {@link BaseBackups}. */
    public static final class Builder {
        private final Endpoint source;
        private Path toolDirectory;
        private BaseBackupFormat format = BaseBackupFormat.PLAIN;
        private Compression compression = Compression.NONE;
        private Checkpoint checkpoint = Checkpoint.FAST;
        private String label = "justpg base backup";
        private Duration timeout = DEFAULT_TIMEOUT;
        private Consumer<BaseBackupProgress> progress = p -> { };

        private Builder(Endpoint source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * Where {@code pg_basebackup} and {@code pg_verifybackup} are (default: {@code PATH} and the
         * usual install locations).
         *
         * @param value the bin directory
         * @return this builder
         */
        public Builder toolDirectory(Path value) {
            this.toolDirectory = value;
            return this;
        }

        /**
         * Plain (default) or tar.
         *
         * @param value the format
         * @return this builder
         */
        public Builder format(BaseBackupFormat value) {
            this.format = Objects.requireNonNull(value, "format");
            return this;
        }

        /**
         * Client-side compression of a tar backup (default none): gzip, lz4 or zstd.
         *
         * @param value the compression
         * @return this builder
         */
        public Builder compression(Compression value) {
            this.compression = Objects.requireNonNull(value, "compression");
            return this;
        }

        /**
         * The starting checkpoint (default {@link Checkpoint#FAST}).
         *
         * @param value fast or spread
         * @return this builder
         */
        public Builder checkpoint(Checkpoint value) {
            this.checkpoint = Objects.requireNonNull(value, "checkpoint");
            return this;
        }

        /**
         * The backup label shown in {@code backup_label} and {@code pg_stat_progress_basebackup}.
         *
         * @param value printable text, at most 1,000 characters
         * @return this builder
         */
        public Builder label(String value) {
            if (value == null || value.isBlank() || value.length() > 1000 || !value.matches("[\\p{Print}]+")) {
                throw new IllegalArgumentException("label must be 1 to 1000 printable characters, was '" + value + "'");
            }
            this.label = value;
            return this;
        }

        /**
         * The bound on one backup (default {@link #DEFAULT_TIMEOUT}); past it the tool is killed and
         * nothing is left behind.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = Trees.positive(value, "timeout");
            return this;
        }

        /**
         * Receives progress while a backup runs (on a justpg I/O thread; keep it quick).
         *
         * @param value the consumer
         * @return this builder
         */
        public Builder progress(Consumer<BaseBackupProgress> value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /**
         * Checks the settings.
         *
         * @return the base backup runner
         * @throws IllegalArgumentException when compression is asked for a plain backup
         */
        public BaseBackups build() {
            if (format == BaseBackupFormat.PLAIN && compression.method() != Compression.Method.NONE) {
                throw new IllegalArgumentException("compression applies to tar-format base backups: choose"
                        + " format(BaseBackupFormat.TAR), or leave compression out for a plain backup");
            }
            return new BaseBackups(this);
        }
    }
}
