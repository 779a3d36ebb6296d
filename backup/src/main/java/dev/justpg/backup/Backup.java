package dev.justpg.backup;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A complete backup: its manifest and the local directory holding its files.
 *
 * @param manifest the manifest
 * @param directory the directory with the dump, the globals and {@code manifest.json}
 */
public record Backup(Manifest manifest, Path directory) {

    /**
     * Checks the components.
     *
     * @param manifest see the record description
     * @param directory see the record description
     */
    public Backup {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(directory, "directory");
    }

    /** @return the backup id */
    public String id() {
        return manifest.id();
    }

    /** @return the dump file or directory inside {@link #directory()} */
    public Path dumpPath() {
        return directory.resolve(dumpName(manifest.format(), manifest.compression()));
    }

    static String dumpName(Format format, String compression) {
        return format == Format.PLAIN && compression.startsWith("gzip") ? format.fileName() + ".gz" : format.fileName();
    }
}
