package dev.justpg.backup.pitr;

import dev.justpg.backup.pitr.internal.ArchiveScripts;
import dev.justpg.backup.pitr.internal.WalNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A WAL archive in a local directory: the {@code archive_command} and {@code restore_command} that
 * move WAL in and out of it, a listing, a checksum audit and a cleanup that keeps what base
 * backups need.
 *
 * <p>Layout under the root: {@code wal/} holds the archived files, each with a
 * {@code <name>.sha256}; {@code bin/} holds the two scripts the server runs. The archive command
 * never overwrites a file with other content (it fails, and {@code pg_stat_archiver} shows it),
 * accepts a repeated copy of the same file (a retry after a crash), writes under a temporary name,
 * flushes the file and its checksum to disk and renames them into place. The restore command
 * checks the SHA-256 before handing a file to recovery and aborts recovery on a mismatch.
 *
 * <p>The server runs both scripts as its own operating-system user: that user must be able to write
 * {@code wal/}. The root path is restricted to letters, digits and {@code _ . / @ + , -} so the
 * commands need no shell or SQL escaping.
 *
 * <pre>{@code
 * WalArchive archive = WalArchive.create(Path.of("/backups/wal-archive"));
 * WalArchiving.configure(adminDb, archive, Duration.ofMinutes(1));   // ALTER SYSTEM, says what needs a restart
 * }</pre>
 */
public final class WalArchive {

    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_./@+,-]*");

    private final Path root;
    private final Path wal;
    private final Path bin;

    private WalArchive(Path root) {
        this.root = root;
        this.wal = root.resolve("wal");
        this.bin = root.resolve("bin");
    }

    /**
     * Creates (or re-opens) an archive at a directory: makes {@code wal/} and {@code bin/} and
     * (re)writes the two scripts. Idempotent.
     *
     * @param root the archive's root directory (absolute; created when missing)
     * @return the archive
     * @throws IllegalArgumentException when the path has characters outside the safe set
     * @throws PitrException when the directories or scripts cannot be written
     */
    public static WalArchive create(Path root) {
        WalArchive a = new WalArchive(checked(root));
        try {
            Files.createDirectories(a.wal);
            Files.createDirectories(a.bin);
            a.writeScript(ArchiveScripts.ARCHIVE, ArchiveScripts.archive(a.wal.toString()));
            a.writeScript(ArchiveScripts.RESTORE, ArchiveScripts.restore(a.wal.toString()));
        } catch (IOException e) {
            throw new PitrException("could not set up the WAL archive at " + root + ": " + e.getMessage()
                    + "; check that the directory is writable and the disk is not full", e);
        }
        return a;
    }

    /**
     * Opens an existing archive without writing anything.
     *
     * @param root the archive's root directory
     * @return the archive
     * @throws PitrException when it holds no archive made by {@link #create(Path)}
     */
    public static WalArchive open(Path root) {
        WalArchive a = new WalArchive(checked(root));
        if (!Files.isDirectory(a.wal) || !Files.isExecutable(a.bin.resolve(ArchiveScripts.RESTORE))) {
            throw new PitrException(root + " holds no justpg WAL archive (no wal/ directory or restore script);"
                    + " create one with WalArchive.create(path)");
        }
        return a;
    }

    private static Path checked(Path root) {
        Objects.requireNonNull(root, "root");
        Path abs = root.toAbsolutePath().normalize();
        if (!SAFE_PATH.matcher(abs.toString()).matches()) {
            throw new IllegalArgumentException("WAL archive path '" + abs + "' has characters other than letters,"
                    + " digits and _ . / @ + , -; choose such a path (the server runs it in a shell command)");
        }
        return abs;
    }

    private void writeScript(String name, String text) throws IOException {
        Path target = bin.resolve(name);
        Path tmp = bin.resolve("." + name + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The archive's root directory.
     *
     * @return the root
     */
    public Path root() {
        return root;
    }

    /**
     * The directory that holds the archived files.
     *
     * @return the WAL directory
     */
    public Path walDirectory() {
        return wal;
    }

    /**
     * The value for the server's {@code archive_command}.
     *
     * @return the command, such as {@code '/backups/wal/bin/justpg-archive-wal' "%p" "%f"}
     */
    public String archiveCommand() {
        return "'" + bin.resolve(ArchiveScripts.ARCHIVE) + "' \"%p\" \"%f\"";
    }

    /**
     * The value for {@code restore_command} during recovery.
     *
     * @return the command, such as {@code '/backups/wal/bin/justpg-restore-wal' "%f" "%p"}
     */
    public String restoreCommand() {
        return "'" + bin.resolve(ArchiveScripts.RESTORE) + "' \"%f\" \"%p\"";
    }

    /**
     * The archived files, by name (oldest segments first; history files sort with their timeline).
     *
     * @return the files
     * @throws PitrException when the directory cannot be read
     */
    public List<ArchivedWal> files() {
        List<ArchivedWal> out = new ArrayList<>();
        try (Stream<Path> all = Files.list(wal)) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".sha256")) {
                    continue;
                }
                out.add(new ArchivedWal(name, Files.size(p), Files.exists(wal.resolve(name + ".sha256"))));
            }
        } catch (IOException e) {
            throw new PitrException("could not list the WAL archive " + wal + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Whether a file is archived.
     *
     * @param name the WAL file name
     * @return {@code true} when it is in the archive
     */
    public boolean contains(String name) {
        return Files.isRegularFile(wal.resolve(name));
    }

    /**
     * Re-reads every archived file and compares it with its recorded SHA-256.
     *
     * @return the names of files whose content no longer matches, or that have no checksum
     * @throws PitrException when a file cannot be read
     */
    public List<String> verify() {
        List<String> bad = new ArrayList<>();
        for (ArchivedWal f : files()) {
            if (!f.hasChecksum()) {
                bad.add(f.name());
                continue;
            }
            try {
                String recorded = Files.readString(wal.resolve(f.name() + ".sha256"), StandardCharsets.UTF_8)
                        .strip().split("\\s+")[0];
                if (!recorded.equalsIgnoreCase(sha256(wal.resolve(f.name())))) {
                    bad.add(f.name());
                }
            } catch (IOException e) {
                throw new PitrException("could not read " + f.name() + " in the WAL archive: " + e.getMessage(), e);
            }
        }
        return bad;
    }

    /**
     * What {@link #cleanup(String)} would delete, deleting nothing.
     *
     * @param firstKeptSegment the oldest segment to keep: the start WAL file of the oldest base
     *     backup that is kept ({@link BaseBackup#startWalFile()})
     * @return the plan
     */
    public WalCleanup planCleanup(String firstKeptSegment) {
        return clean(firstKeptSegment, true);
    }

    /**
     * Deletes every segment, partial segment and backup history file that lies before
     * {@code firstKeptSegment} (on any timeline, as {@code pg_archivecleanup} does); timeline history
     * files are always kept. Never deletes the segment itself or anything after it.
     *
     * @param firstKeptSegment the start WAL file of the oldest kept base backup
     * @return what was deleted
     * @throws IllegalArgumentException when the name is not a WAL segment name
     * @throws PitrException when a file cannot be deleted
     */
    public WalCleanup cleanup(String firstKeptSegment) {
        return clean(firstKeptSegment, false);
    }

    private WalCleanup clean(String firstKept, boolean dryRun) {
        if (firstKept == null || !WalNames.isSegment(firstKept)) {
            throw new IllegalArgumentException("'" + firstKept + "' is not a WAL segment name (24 hexadecimal"
                    + " digits, such as 000000010000000000000003): pass BaseBackup.startWalFile() of the oldest kept"
                    + " base backup");
        }
        List<String> deleted = new ArrayList<>();
        long freed = 0;
        int kept = 0;
        for (ArchivedWal f : files()) {
            if (WalNames.hasPosition(f.name()) && WalNames.isBefore(f.name(), firstKept)) {
                deleted.add(f.name());
                freed += f.size();
                if (!dryRun) {
                    try {
                        Files.deleteIfExists(wal.resolve(f.name() + ".sha256"));
                        Files.deleteIfExists(wal.resolve(f.name()));
                    } catch (IOException e) {
                        throw new PitrException("could not delete " + f.name() + " from the WAL archive: "
                                + e.getMessage(), e);
                    }
                }
            } else {
                kept++;
            }
        }
        return new WalCleanup(firstKept, deleted, kept, freed, dryRun);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Override
    public String toString() {
        return "WalArchive[" + root + "]";
    }
}
