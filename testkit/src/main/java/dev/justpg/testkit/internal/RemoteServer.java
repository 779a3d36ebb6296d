package dev.justpg.testkit.internal;

import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.PostgresServer;
import java.nio.file.Path;
import java.util.Optional;

/** A server whose process the testkit does not control (external or container). */
abstract class RemoteServer implements PostgresServer {

    private final ConnectionInfo admin;
    private final String version;
    private final int major;

    RemoteServer(ConnectionInfo admin, String versionText) {
        this.admin = admin;
        this.version = versionText.split("\\s")[0];
        this.major = Integer.parseInt(version.split("\\.")[0]);
    }

    /** Why stop/start are unsupported, for the exception message. */
    abstract String whyNotControlled();

    @Override
    public int majorVersion() {
        return major;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public ConnectionInfo adminConnectionInfo() {
        return admin;
    }

    @Override
    public ConnectionInfo createDatabase(String name) {
        return Admin.createDatabase(admin, name);
    }

    @Override
    public void dropDatabase(String name) {
        Admin.dropDatabase(admin, name);
    }

    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    public void stop() {
        throw notControlled();
    }

    @Override
    public void crash() {
        throw notControlled();
    }

    @Override
    public void start() {
        throw notControlled();
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> binDirectory() {
        return Optional.empty();
    }

    private UnsupportedOperationException notControlled() {
        return new UnsupportedOperationException(whyNotControlled()
                + "; tests that stop or start the server should assume server.canRestart()");
    }
}
