package dev.justpg.backup.internal;

import dev.justpg.backup.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A temporary password file ({@code PGPASSFILE}) readable by the owner alone, deleted on close.
 * The only way a password reaches a child process.
 */
public final class PassFile implements AutoCloseable {

    private final Path path;

    private PassFile(Path path) {
        this.path = path;
    }

    /**
     * Writes a password file for the endpoint's user, or returns {@code null} when it has no password.
     *
     * @param endpoint the endpoint
     * @return the file, or {@code null}
     */
    public static PassFile forEndpoint(Endpoint endpoint) {
        if (endpoint.password().isEmpty()) {
            return null;
        }
        try {
            Path file;
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                file = Files.createTempFile("justpg-", ".pgpass", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                file = Files.createTempFile("justpg-", ".pgpass");
            }
            String line = "*:*:*:" + escape(endpoint.user()) + ":" + escape(endpoint.password().get()) + "\n";
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return new PassFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a temporary password file: " + e.getMessage(), e);
        }
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort: a temp file readable by the owner only
        }
    }
}
