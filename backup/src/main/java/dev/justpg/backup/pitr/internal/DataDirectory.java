package dev.justpg.backup.pitr.internal;

import dev.justpg.backup.pitr.BaseBackupFormat;
import dev.justpg.backup.pitr.PitrException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Lays a base backup out as a data directory and writes recovery settings into it. */
public final class DataDirectory {

    private DataDirectory() {
    }

    /**
     * Copies a plain backup, or extracts a tar backup (with {@code tar}, which detects gzip, lz4 and
     * zstd compression), into a missing or empty directory, mode 0700.
     *
     * @param backup the backup directory
     * @param format its format
     * @param target the new data directory
     */
    public static void layOut(Path backup, BaseBackupFormat format, Path target) {
        try {
            if (Files.exists(target)) {
                try (Stream<Path> s = Files.list(target)) {
                    if (s.findAny().isPresent()) {
                        throw new PitrException("the recovery data directory " + target + " is not empty; recover into"
                                + " a new or empty directory (nothing was written)");
                    }
                }
            } else {
                Files.createDirectories(target);
            }
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            if (format == BaseBackupFormat.PLAIN) {
                copyTree(backup, target);
            } else {
                extract(backup, target);
            }
            Files.deleteIfExists(target.resolve("backup_manifest"));
            Files.createDirectories(target.resolve("pg_wal"));
        } catch (IOException e) {
            throw new PitrException("could not lay the base backup " + backup + " into " + target + ": " + e.getMessage()
                    + "; check free disk space and permissions", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void extract(Path backup, Path target) throws IOException {
        List<Path> tars = new ArrayList<>();
        try (Stream<Path> s = Files.list(backup)) {
            s.filter(p -> p.getFileName().toString().matches("(base|pg_wal)\\.tar(\\.gz|\\.lz4|\\.zst)?")).forEach(tars::add);
        }
        Path base = tars.stream().filter(p -> p.getFileName().toString().startsWith("base.")).findFirst()
                .orElseThrow(() -> new PitrException(backup + " holds no base.tar: not a tar-format base backup"));
        untar(base, target);
        for (Path t : tars) {
            if (t.getFileName().toString().startsWith("pg_wal.")) {
                Files.createDirectories(target.resolve("pg_wal"));
                untar(t, target.resolve("pg_wal"));
            }
        }
    }

    private static void untar(Path archive, Path into) throws IOException {
        Process p = new ProcessBuilder("tar", "-xf", archive.toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new PitrException("tar could not extract " + archive + ": " + out.strip()
                        + " (compressed tars need gzip, lz4 or zstd installed)");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PitrException("interrupted while extracting " + archive, e);
        }
    }

    /**
     * Appends recovery settings to {@code postgresql.auto.conf} (read last, so they win) and creates
     * {@code recovery.signal}.
     *
     * @param dataDirectory the laid-out data directory
     * @param settings name to value
     */
    public static void writeRecoverySettings(Path dataDirectory, Map<String, String> settings) {
        StringBuilder conf = new StringBuilder("\n# point-in-time recovery settings written by justpg\n");
        settings.forEach((k, v) -> conf.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        try {
            Files.writeString(dataDirectory.resolve("postgresql.auto.conf"), conf, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.deleteIfExists(dataDirectory.resolve("standby.signal"));
            Files.writeString(dataDirectory.resolve("recovery.signal"), "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PitrException("could not write the recovery settings into " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
    }
}
