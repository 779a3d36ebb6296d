package dev.justpg.testkit;

import dev.justpg.testkit.internal.Admin;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A fresh database for one test class on the JVM's test server, dropped after the class (with
 * the roles the class created).
 */
public final class TestDatabase {

    private final PostgresServer server;
    private final String name;
    private final ConnectionInfo connectionInfo;
    private final List<String> roles = new ArrayList<>();

    TestDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
        this.connectionInfo = server.createDatabase(name);
    }

    /**
     * The server this database lives on.
     *
     * @return the server
     */
    public PostgresServer server() {
        return server;
    }

    /**
     * The database name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Connection details for the admin role (a superuser on the embedded server) to this database.
     *
     * @return the connection info
     */
    public ConnectionInfo connectionInfo() {
        return connectionInfo;
    }

    /**
     * A non-pooling data source for the admin role on this database.
     *
     * @return the data source
     */
    public DataSource dataSource() {
        return connectionInfo.dataSource();
    }

    /**
     * Runs statements as the admin role, each in autocommit mode.
     *
     * @param statements the SQL statements
     */
    public void execute(String... statements) {
        Admin.execute(connectionInfo, statements);
    }

    /**
     * Creates a login role with a random password. Without attributes it is a plain role: not a
     * superuser, no BYPASSRLS, owns nothing. It is dropped after the test class.
     *
     * @param roleName lower-case letters, digits and underscores
     * @param attributes extra attributes, such as {@link RoleAttribute#BYPASSRLS}
     * @return the role, with a data source that logs in as it
     */
    public synchronized TestRole createRole(String roleName, RoleAttribute... attributes) {
        Admin.checkName("role", roleName);
        String password = randomPassword();
        StringBuilder sql = new StringBuilder("CREATE ROLE \"").append(roleName).append("\" LOGIN PASSWORD '")
                .append(password).append('\'');
        for (RoleAttribute a : attributes) {
            sql.append(' ').append(a.name());
        }
        execute(sql.toString(), "GRANT CONNECT ON DATABASE \"" + name + "\" TO \"" + roleName + "\"");
        roles.add(roleName);
        return new TestRole(roleName, connectionInfo.withUser(roleName, password));
    }

    /** Drops the database and the roles this class created. */
    synchronized void drop() {
        server.dropDatabase(name);
        for (String role : roles) {
            Admin.execute(server.adminConnectionInfo(), "DROP ROLE IF EXISTS \"" + role + "\"");
        }
        roles.clear();
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder("p");
        for (int i = 0; i < 23; i++) {
            sb.append(Character.forDigit(random.nextInt(36), 36));
        }
        return sb.toString();
    }

    /**
     * The database name.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return "TestDatabase[" + name + " on " + server.kind() + " PostgreSQL " + server.version() + "]";
    }
}
