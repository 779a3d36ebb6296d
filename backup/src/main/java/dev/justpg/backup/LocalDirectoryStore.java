package dev.justpg.backup;

import dev.justpg.backup.internal.ManifestJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Backups as directories under one root: {@code <root>/<id>/} with {@code manifest.json}. A run
 * writes into {@code <root>/.partial-<id>/} and renames it when the manifest is written; deletion
 * renames to {@code .deleting-<id>} before removing files.
 */
public final class LocalDirectoryStore implements BackupStore {

    private final Path root;

    private LocalDirectoryStore(Path root) {
        this.root = root;
    }

    /**
     * A store under a directory (created when missing).
     *
     * @param root the directory
     * @return the store
     */
    public static LocalDirectoryStore of(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("backup directory " + root + " cannot be created: " + e.getMessage(), e);
        }
        if (!Files.isWritable(root)) {
            throw new IllegalArgumentException("backup directory " + root + " is not writable");
        }
        return new LocalDirectoryStore(root.toAbsolutePath());
    }

    /** @return the root directory */
    public Path root() {
        return root;
    }

    @Override
    public List<Backup> list() {
        List<Backup> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, p -> !p.getFileName().toString().startsWith(".")
                && Files.isRegularFile(p.resolve(Manifest.FILE_NAME)))) {
            for (Path dir : ds) {
                out.add(new Backup(ManifestJson.read(dir), dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list backups in " + root, e);
        }
        out.sort(Comparator.comparing((Backup b) -> b.manifest().startedAt()).thenComparing(Backup::id));
        return out;
    }

    @Override
    public Optional<Backup> find(String id) {
        Path dir = root.resolve(checkId(id));
        if (!Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
            return Optional.empty();
        }
        return Optional.of(new Backup(ManifestJson.read(dir), dir));
    }

    @Override
    public Staging begin(String id) {
        Path partial = root.resolve(".partial-" + checkId(id));
        Path fin = root.resolve(id);
        if (Files.exists(fin)) {
            throw new IllegalArgumentException("backup " + id + " already exists in " + root);
        }
        try {
            deleteTree(partial);
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + partial, e);
        }
        return new Staging() {
            private boolean done;

            @Override
            public Path directory() {
                return partial;
            }

            @Override
            public Backup commit(Manifest manifest) {
                ManifestJson.write(partial, manifest);
                try {
                    Files.move(partial, fin, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not publish backup " + id, e);
                }
                done = true;
                return new Backup(manifest, fin);
            }

            @Override
            public void close() {
                if (!done) {
                    done = true;
                    try {
                        deleteTree(partial);
                    } catch (IOException e) {
                        // a .partial- directory is never listed
                    }
                }
            }
        };
    }

    @Override
    public Backup updateManifest(Backup backup, Manifest manifest) {
        if (!backup.id().equals(manifest.id())) {
            throw new IllegalArgumentException("manifest id " + manifest.id() + " is not backup " + backup.id());
        }
        ManifestJson.write(backup.directory(), manifest);
        return new Backup(manifest, backup.directory());
    }

    @Override
    public void delete(String id) {
        Path dir = root.resolve(checkId(id));
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = root.resolve(".deleting-" + id);
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(doomed);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete backup " + id, e);
        }
    }

    private static String checkId(String id) {
        if (id == null || id.isEmpty() || id.startsWith(".") || id.contains("/") || id.contains("\\") || id.contains("..")) {
            throw new IllegalArgumentException("not a backup id: " + id);
        }
        return id;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return "LocalDirectoryStore[" + root + "]";
    }
}
