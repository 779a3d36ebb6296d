package dev.justpg.testkit.internal;

import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.ServerKind;
import dev.justpg.testkit.ServerStartException;
import java.util.Properties;
import org.postgresql.Driver;

/** A server the user runs, reached through a JDBC URL. The testkit cannot stop or start it. */
public final class ExternalServer extends RemoteServer {

    private ExternalServer(ConnectionInfo admin, String version) {
        super(admin, version);
    }

    /**
     * Connects to the server named by the URL.
     *
     * @param url a {@code jdbc:postgresql://host:port/db} URL, optionally with user and password parameters
     * @param user the role, when not in the URL ({@code -Djustpg.test.user}); may be null
     * @param password its password, when not in the URL ({@code -Djustpg.test.password}); may be null
     * @return the server
     */
    public static ExternalServer connect(String url, String user, String password) {
        Properties p = Driver.parseURL(url, new Properties());
        if (p == null) {
            throw new ServerStartException("justpg.test.url '" + url + "' is not a PostgreSQL JDBC URL; use"
                    + " jdbc:postgresql://host:port/database");
        }
        String host = p.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(p.getProperty("PGPORT", "5432").split(",")[0]);
        String db = p.getProperty("PGDBNAME", "postgres");
        String u = user != null ? user : p.getProperty("user", System.getProperty("user.name"));
        String pw = password != null ? password : p.getProperty("password", "");
        ConnectionInfo admin = new ConnectionInfo(host, port, db, u, pw);
        try {
            return new ExternalServer(admin, Admin.queryString(admin, "show server_version"));
        } catch (RuntimeException e) {
            throw new ServerStartException("could not connect to the external test server " + admin + ": "
                    + e.getMessage() + "; check justpg.test.url, justpg.test.user and justpg.test.password"
                    + " (the role needs CREATEDB and CREATEROLE)", e);
        }
    }

    @Override
    public ServerKind kind() {
        return ServerKind.EXTERNAL;
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    String whyNotControlled() {
        return "the testkit does not control an external server";
    }
}
