package dev.justpg.backup.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.justpg.backup.BackupException;
import dev.justpg.backup.FailureKind;
import dev.justpg.backup.Manifest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Reads and writes {@code manifest.json} (atomically: a temp file renamed over the old one). */
public final class ManifestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestJson() {
    }

    /**
     * Writes the manifest into a backup directory, replacing any older one atomically.
     *
     * @param dir the backup directory
     * @param manifest the manifest
     */
    public static void write(Path dir, Manifest manifest) {
        Path tmp = dir.resolve(Manifest.FILE_NAME + ".tmp");
        try {
            Files.write(tmp, MAPPER.writeValueAsBytes(manifest));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(Manifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new BackupException(FailureClassifier.io(e), "could not write the manifest in " + dir + ": " + e.getMessage(), "", e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @param dir the backup directory
     * @return the manifest
     */
    public static Manifest read(Path dir) {
        Path file = dir.resolve(Manifest.FILE_NAME);
        try {
            return MAPPER.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new BackupException(FailureKind.CORRUPT, "could not read the manifest " + file + ": " + e.getMessage(), "", e);
        }
    }

    /**
     * The manifest as JSON text.
     *
     * @param manifest the manifest
     * @return the JSON
     */
    public static String toJson(Manifest manifest) {
        try {
            return MAPPER.writeValueAsString(manifest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
