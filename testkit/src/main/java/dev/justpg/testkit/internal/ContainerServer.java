package dev.justpg.testkit.internal;

import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.ServerKind;
import dev.justpg.testkit.ServerStartException;
import org.testcontainers.containers.PostgreSQLContainer;

/** A Testcontainers PostgreSQL container (needs a Docker engine). */
public final class ContainerServer extends RemoteServer {

    private final PostgreSQLContainer<?> container;

    private ContainerServer(PostgreSQLContainer<?> container, ConnectionInfo admin, String version) {
        super(admin, version);
        this.container = container;
    }

    /**
     * Starts {@code postgres:<major>} with pg_stat_statements preloaded.
     *
     * @param major the major version
     * @return the server
     */
    public static ContainerServer start(int major) {
        PostgreSQLContainer<?> c;
        try {
            c = new PostgreSQLContainer<>("postgres:" + major)
                    .withCommand("postgres", "-c", "shared_preload_libraries=pg_stat_statements",
                            "-c", "max_connections=300");
            c.start();
        } catch (RuntimeException | LinkageError e) {
            throw new ServerStartException("could not start a PostgreSQL " + major + " container: " + e.getMessage()
                    + "; container mode needs a running Docker engine (leave out -Djustpg.test.server=container"
                    + " to use the embedded server)", e);
        }
        ConnectionInfo admin = new ConnectionInfo(c.getHost(), c.getMappedPort(5432), c.getDatabaseName(),
                c.getUsername(), c.getPassword());
        Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "justpg-container-shutdown"));
        return new ContainerServer(c, admin, Admin.queryString(admin, "show server_version"));
    }

    @Override
    public ServerKind kind() {
        return ServerKind.CONTAINER;
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }

    @Override
    String whyNotControlled() {
        return "stopping a container changes its port, so the testkit does not stop or start containers";
    }
}
