package dev.justpg.diagnostics.health;

import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.EmbeddedServer;
import dev.justpg.testkit.internal.RunAs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A streaming standby of an embedded server, for replication tests: {@code pg_basebackup} of the
 * primary, then {@code pg_ctl start} on the copy with the primary's binaries. The password goes
 * through a 0600 passfile, never argv. {@link #close()} stops it and deletes its files.
 */
final class Standby implements AutoCloseable {

    private final Path bin;
    private final RunAs runAs;
    private final Path dir;
    private final Path data;
    private final int port;
    private final ConnectionInfo info;
    private boolean running;

    Standby(EmbeddedServer primary) throws Exception {
        this.bin = primary.binDirectory().orElseThrow();
        this.runAs = RunAs.detect(Path.of(System.getProperty("java.io.tmpdir")));
        this.dir = Files.createTempDirectory("justpg-standby-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        runAs.chown(dir);
        this.data = dir.resolve("data");
        try {
            this.port = freePort();
            this.info = start(primary);
        } catch (Exception e) {
            try {
                close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private ConnectionInfo start(EmbeddedServer primary) throws Exception {
        ConnectionInfo admin = primary.adminConnectionInfo();
        Path passfile = dir.resolve("pgpass");
        Files.writeString(passfile, "127.0.0.1:" + admin.port() + ":*:" + admin.user() + ":" + admin.password() + "\n");
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        runAs.chown(passfile);
        run(List.of(basebackup(primary).toString(), "-D", data.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(admin.port()), "-U", admin.user(), "-X", "stream", "-R", "--checkpoint=fast", "-w"),
                passfile);
        Files.writeString(data.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port="
                + admin.port() + " user=" + admin.user() + " passfile=" + passfile + " application_name=standby1'\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        run(List.of(bin.resolve("pg_ctl").toString(), "start", "-D", data.toString(), "-l",
                dir.resolve("standby.log").toString(), "-w", "-t", "60", "-o", "-p " + port), passfile);
        running = true;
        return new ConnectionInfo("127.0.0.1", port, admin.database(), admin.user(), admin.password());
    }

    /**
     * pg_basebackup of the primary's major version: next to its binaries, or the distribution's
     * (the embedded binaries ship only initdb, pg_ctl and postgres).
     */
    private static Path basebackup(EmbeddedServer primary) {
        Path embedded = primary.binDirectory().orElseThrow().resolve("pg_basebackup");
        if (Files.isExecutable(embedded)) {
            return embedded;
        }
        Path distro = Path.of("/usr/lib/postgresql/" + primary.majorVersion() + "/bin/pg_basebackup");
        if (Files.isExecutable(distro)) {
            return distro;
        }
        throw new IllegalStateException("the replication test needs pg_basebackup " + primary.majorVersion()
                + ", found neither " + embedded + " nor " + distro + "; install postgresql-client-"
                + primary.majorVersion() + " (apt-get install postgresql-client-" + primary.majorVersion() + ")");
    }

    /** Connection details of the standby (the primary's superuser and password). */
    ConnectionInfo connectionInfo() {
        return info;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("standby.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void run(List<String> command, Path passfile) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(runAs.wrap(command)).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("PGPASSFILE", passfile.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(out, StandardCharsets.UTF_8) + "\n" + logTail());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (running) {
                running = false;
                run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "immediate", "-w",
                        "-t", "60"), dir.resolve("pgpass"));
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
