package dev.justpg.backup.pitr.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small file-tree and argument helpers shared by the point-in-time recovery classes. */
public final class Trees {

    private Trees() {
    }

    /**
     * Deletes a directory tree; a missing one is fine.
     *
     * @param root the tree
     * @throws IOException when a file cannot be deleted
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Deletes a directory tree, ignoring failures (scratch copies under names never reused).
     *
     * @param root the tree
     * @return {@code true} when it is gone
     */
    public static boolean deleteQuietly(Path root) {
        try {
            delete(root);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Checks a builder's duration setting.
     *
     * @param value the duration
     * @param name the setting's name, for the message
     * @return the value
     * @throws IllegalArgumentException when it is null, zero or negative
     */
    public static Duration positive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
