package dev.justpg.realtime;

import dev.justpg.testkit.ConnectionInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PgBouncer in front of the test server, when the {@code pgbouncer} binary is installed
 * (Debian: {@code apt-get install pgbouncer}). Runs as {@code nobody} when the JVM is root.
 * The password goes to a 0600 auth file, never to the command line.
 */
final class PgBouncerProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final ConnectionInfo target;
    private final int port;

    private PgBouncerProcess(Process process, Path dir, ConnectionInfo target, int port) {
        this.process = process;
        this.dir = dir;
        this.target = target;
        this.port = port;
    }

    static Path binary() {
        for (String candidate : List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    static PgBouncerProcess start(ConnectionInfo target, String poolMode) throws Exception {
        Path bin = binary();
        Path dir = Files.createTempDirectory("justpg-pgbouncer",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path auth = dir.resolve("users.txt");
        Files.writeString(auth, "\"" + target.user() + "\" \"" + target.password() + "\"\n");
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
        Path ini = dir.resolve("pgbouncer.ini");
        Files.writeString(ini, String.join("\n",
                "[databases]",
                "* = host=" + target.host() + " port=" + target.port(),
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + auth,
                "pool_mode = " + poolMode,
                "default_pool_size = 4",
                "ignore_startup_parameters = extra_float_digits,options",
                "logfile = " + dir.resolve("pgbouncer.log"),
                ""));
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            for (Path p : List.of(dir, auth, ini)) {
                Files.setOwner(p, nobody);
            }
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        command.add(bin.toString());
        command.add(ini.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        PgBouncerProcess bouncer = new PgBouncerProcess(process, dir, target, port);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return bouncer;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.exists(dir.resolve("stdout.log")) ? Files.readString(dir.resolve("stdout.log")) : "";
                    bouncer.close();
                    throw new IllegalStateException("pgbouncer did not start: " + log);
                }
                Thread.sleep(50);
            }
        }
    }

    /** A data source that goes through PgBouncer (no server-side prepared statements). */
    DataSource dataSource() {
        PGSimpleDataSource ds = (PGSimpleDataSource) new ConnectionInfo("127.0.0.1", port, target.database(),
                target.user(), target.password()).dataSource();
        ds.setPrepareThreshold(0);
        return ds;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
