package dev.justpg.backup.internal;

import dev.justpg.backup.BackupException;
import dev.justpg.backup.ClientTool;
import dev.justpg.backup.FailureKind;
import dev.justpg.backup.ToolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Finds PostgreSQL client programs: a configured directory only when one is given; otherwise the
 * versioned install locations ({@code /usr/lib/postgresql/<major>/bin}, {@code /usr/pgsql-<major>/bin},
 * Homebrew, Postgres.app) and {@code PATH}. Among the candidates it prefers the server's major
 * version, then the oldest newer one (a newer {@code pg_dump} writes SQL an older server may not load).
 */
public final class ToolLocator {

    private static final Map<Path, Optional<ToolVersion>> VERSIONS = new ConcurrentHashMap<>();

    private final Path configuredDirectory;
    private final List<Path> searchDirectories;

    /**
     * @param configuredDirectory the only directory to look in, or {@code null} to search
     * @param pathVariable the value of {@code PATH}, or {@code null}
     */
    public ToolLocator(Path configuredDirectory, String pathVariable) {
        this.configuredDirectory = configuredDirectory;
        this.searchDirectories = configuredDirectory != null ? List.of(configuredDirectory) : defaultDirectories(pathVariable);
    }

    /** @return the directories searched, in order */
    public List<Path> searchDirectories() {
        return searchDirectories;
    }

    static List<Path> defaultDirectories(String pathVariable) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String pattern : List.of("/usr/lib/postgresql", "/usr/local/lib/postgresql")) {
            dirs.addAll(children(Path.of(pattern), "bin"));
        }
        for (Path parent : List.of(Path.of("/usr"), Path.of("/opt/homebrew/opt"), Path.of("/usr/local/opt"))) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p -> {
                String n = p.getFileName().toString();
                return n.startsWith("pgsql") || n.startsWith("postgresql@") || n.equals("libpq");
            })) {
                for (Path p : ds) {
                    dirs.add(p.resolve("bin"));
                }
            } catch (IOException | RuntimeException e) {
                // not there
            }
        }
        dirs.addAll(children(Path.of("/Applications/Postgres.app/Contents/Versions"), "bin"));
        dirs.add(Path.of("/usr/local/pgsql/bin"));
        if (pathVariable != null) {
            for (String p : pathVariable.split(java.io.File.pathSeparator)) {
                if (!p.isBlank()) {
                    dirs.add(Path.of(p));
                }
            }
        }
        return List.copyOf(dirs);
    }

    private static List<Path> children(Path parent, String sub) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
            for (Path p : ds) {
                out.add(p.resolve(sub));
            }
        } catch (IOException | RuntimeException e) {
            // not there
        }
        out.sort(Comparator.comparing(Path::toString));
        return out;
    }

    /**
     * Every copy of a program found, with its version.
     *
     * @param name the program name
     * @return the copies, in search order
     */
    public List<ClientTool> candidates(String name) {
        List<ClientTool> found = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path dir : searchDirectories) {
            Path exe = dir.resolve(name);
            if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
                continue;
            }
            Path real;
            try {
                real = exe.toRealPath();
            } catch (IOException e) {
                continue;
            }
            // pg_wrapper (Debian's /usr/bin/pg_dump) is a script that picks a version itself: keep it, its version is what it runs
            if (!seen.add(exe.toAbsolutePath()) && !seen.add(real)) {
                continue;
            }
            version(exe).ifPresent(v -> found.add(new ClientTool(name, exe.toAbsolutePath(), v)));
        }
        return found;
    }

    /**
     * Chooses a program for a server of the given major version.
     *
     * @param name the program name
     * @param neededMajor the lowest major version that works (the server's, or the archive's)
     * @param purpose what it is for, for the error message (such as {@code "dump a PostgreSQL 15 server"})
     * @return the tool
     * @throws BackupException TOOL_NOT_FOUND or VERSION_MISMATCH with the install hint
     */
    public ClientTool locate(String name, int neededMajor, String purpose) {
        List<ClientTool> all = candidates(name);
        Optional<ClientTool> exact = all.stream().filter(t -> t.version().major() == neededMajor)
                .max(Comparator.comparing(ClientTool::version));
        if (exact.isPresent()) {
            return exact.get();
        }
        Optional<ClientTool> newer = all.stream().filter(t -> t.version().major() > neededMajor)
                .min(Comparator.comparing(ClientTool::version));
        if (newer.isPresent()) {
            return newer.get();
        }
        String where = configuredDirectory != null ? "in the configured tool directory " + configuredDirectory
                : "in " + searchDirectories.stream().map(Path::toString).collect(Collectors.joining(", "));
        if (all.isEmpty()) {
            throw new BackupException(FailureKind.TOOL_NOT_FOUND, name + " was not found " + where + "; it is needed to " + purpose
                    + ". " + installHint(neededMajor));
        }
        throw new BackupException(FailureKind.VERSION_MISMATCH, name + " " + neededMajor + " or newer is needed to " + purpose
                + ", but only " + all.stream().map(t -> t.path() + " " + t.version()).collect(Collectors.joining(", ")) + " was found "
                + where + ". " + installHint(neededMajor));
    }

    /**
     * How to install the client tools of a major version.
     *
     * @param major the major version
     * @return one sentence
     */
    public static String installHint(int major) {
        return "Install the PostgreSQL " + major + " client tools (Debian/Ubuntu: apt-get install postgresql-client-" + major
                + " from apt.postgresql.org; RHEL/Fedora: dnf install postgresql" + major + "; macOS: brew install postgresql@" + major
                + ") or point Backups.builder(...).toolDirectory(...) at their bin directory.";
    }

    /**
     * Runs {@code <exe> --version} once per path.
     *
     * @param exe the executable
     * @return its version, or empty when it does not answer like a PostgreSQL tool
     */
    public static Optional<ToolVersion> version(Path exe) {
        Path key = exe.toAbsolutePath();
        Optional<ToolVersion> known = VERSIONS.get(key);
        if (known != null) {
            return known;
        }
        Optional<ToolVersion> read = readVersion(key);
        read.ifPresent(v -> VERSIONS.put(key, read)); // failures are not remembered: a cancelled probe must not hide a tool
        return read;
    }

    private static Optional<ToolVersion> readVersion(Path exe) {
        try {
            Process p = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(4096);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0 || !text.contains("PostgreSQL")) {
                return Optional.empty();
            }
            return Optional.of(ToolVersion.parse(text));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(FailureKind.CANCELLED, "cancelled while reading the version of " + exe);
        }
    }
}
