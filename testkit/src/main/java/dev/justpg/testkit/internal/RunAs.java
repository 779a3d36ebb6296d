package dev.justpg.testkit.internal;

import dev.justpg.testkit.ServerStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL refuses to run as root. When this JVM is root (as CI is), server commands run as an
 * unprivileged user through {@code setpriv} (or {@code runuser}), and the data directory is
 * handed to that user. Otherwise commands run as they are.
 */
public final class RunAs {

    /** The user the server runs as when the JVM is root: {@code -Djustpg.test.runAs}, default {@code nobody}. */
    public static final String DEFAULT_USER = "nobody";

    private final String user;
    private final List<String> prefix;

    private RunAs(String user, List<String> prefix) {
        this.user = user;
        this.prefix = prefix;
    }

    /**
     * Detects whether privileges must be dropped and how.
     *
     * @param scratch a directory this JVM can write to (used to read the effective uid)
     * @return the strategy
     */
    public static RunAs detect(Path scratch) {
        if (!isRoot(scratch)) {
            return new RunAs(null, List.of());
        }
        String user = System.getProperty("justpg.test.runAs", DEFAULT_USER);
        Processes.Result uid = Processes.run(List.of("id", "-u", user), scratch, Duration.ofSeconds(10));
        Processes.Result gid = Processes.run(List.of("id", "-g", user), scratch, Duration.ofSeconds(10));
        if (!uid.ok() || !gid.ok()) {
            throw new ServerStartException("this JVM runs as root and PostgreSQL refuses to run as root, so the"
                    + " embedded server runs as user '" + user + "', but that user does not exist ("
                    + uid.output().strip() + "); create it or pass -Djustpg.test.runAs=<an existing"
                    + " unprivileged user>");
        }
        List<String> prefix = new ArrayList<>();
        if (onPath("setpriv")) {
            prefix.addAll(List.of("setpriv", "--reuid=" + uid.output().strip(), "--regid=" + gid.output().strip(),
                    "--clear-groups", "--"));
        } else if (onPath("runuser")) {
            prefix.addAll(List.of("runuser", "-u", user, "--"));
        } else {
            throw new ServerStartException("this JVM runs as root and PostgreSQL refuses to run as root; the"
                    + " testkit drops to user '" + user + "' with setpriv or runuser (util-linux), but neither is on"
                    + " the PATH; install util-linux, run the build as a normal user, or use"
                    + " -Djustpg.test.url=jdbc:postgresql://... for an external server");
        }
        return new RunAs(user, List.copyOf(prefix));
    }

    /**
     * The command with the privilege-dropping prefix, when one is needed.
     *
     * @param command the program and its arguments
     * @return the command to run
     */
    public List<String> wrap(List<String> command) {
        if (prefix.isEmpty()) {
            return command;
        }
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        return all;
    }

    /**
     * Hands a file or directory to the server's user, when privileges are dropped.
     *
     * @param path the path
     * @throws IOException when ownership cannot be changed
     */
    public void chown(Path path) throws IOException {
        if (user == null) {
            return;
        }
        UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(path, owner);
    }

    /**
     * Whether privileges are dropped.
     *
     * @return {@code true} when the server runs as another user
     */
    public boolean dropsPrivileges() {
        return user != null;
    }

    /**
     * The user the server runs as, when privileges are dropped.
     *
     * @return the user, or {@code null}
     */
    public String user() {
        return user;
    }

    private static boolean isRoot(Path scratch) {
        try {
            Path probe = Files.createTempFile(scratch, "uid", ".probe");
            try {
                Object uid = Files.getAttribute(probe, "unix:uid");
                return uid instanceof Integer && (Integer) uid == 0;
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
