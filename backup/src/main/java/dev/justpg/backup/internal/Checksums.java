package dev.justpg.backup.internal;

import dev.justpg.backup.BackupException;
import dev.justpg.backup.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 of backup files. */
public final class Checksums {

    private Checksums() {
    }

    /**
     * Lists and hashes every regular file under a directory (sorted by path).
     *
     * @param root the backup directory
     * @param skip a file name to leave out (the manifest)
     * @return the entries
     */
    public static List<Manifest.FileEntry> hashTree(Path root, String skip) {
        List<Manifest.FileEntry> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.equals(skip) || rel.equals(skip + ".tmp")) {
                    continue;
                }
                out.add(new Manifest.FileEntry(rel, Files.size(p), sha256(p)));
            }
        } catch (IOException e) {
            throw new BackupException(FailureClassifier.io(e), "could not hash the backup files in " + root + ": " + e.getMessage(), "", e);
        }
        return out;
    }

    /**
     * SHA-256 of one file.
     *
     * @param file the file
     * @return lowercase hex
     * @throws IOException when it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Compares the files on disk with the manifest.
     *
     * @param root the backup directory
     * @param manifest the manifest
     * @return problems, empty when every file is present with its size and checksum
     */
    public static List<String> check(Path root, Manifest manifest) {
        List<String> problems = new ArrayList<>();
        for (Manifest.FileEntry f : manifest.files()) {
            Path p = root.resolve(f.path());
            try {
                if (!Files.isRegularFile(p)) {
                    problems.add("file " + f.path() + " is missing");
                } else if (Files.size(p) != f.size()) {
                    problems.add("file " + f.path() + " has " + Files.size(p) + " bytes, the manifest says " + f.size() + " (truncated or replaced)");
                } else if (!sha256(p).equals(f.sha256())) {
                    problems.add("file " + f.path() + " does not match its SHA-256 in the manifest (corrupted)");
                }
            } catch (IOException e) {
                problems.add("file " + f.path() + " cannot be read: " + e.getMessage());
            }
        }
        return problems;
    }
}
