package dev.justpg.testkit.internal;

import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Administrative SQL the testkit runs as the admin role: databases and roles. */
public final class Admin {

    private static final Pattern SIMPLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Admin() {
    }

    /**
     * Checks a database or role name made by the testkit or a test: lower-case letters, digits
     * and underscores, at most 63 bytes.
     *
     * @param what "database" or "role", for the message
     * @param name the name
     * @return the name
     */
    public static String checkName(String what, String name) {
        if (name == null || !SIMPLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' must be 1 to 63 characters of"
                    + " lower-case letters, digits and underscores, starting with a letter or underscore");
        }
        return name;
    }

    /** Runs statements on a new connection in autocommit mode. */
    public static void execute(ConnectionInfo info, String... statements) {
        try (Connection c = info.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test server statement failed (SQLSTATE " + e.getSQLState() + "): "
                    + e.getMessage(), e);
        }
    }

    /** Reads one text value. */
    public static String queryString(ConnectionInfo info, String sql) {
        try (Connection c = info.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test server query failed (SQLSTATE " + e.getSQLState() + "): "
                    + e.getMessage(), e);
        }
    }

    /** Creates a UTF-8 database from template0. */
    public static ConnectionInfo createDatabase(ConnectionInfo admin, String name) {
        checkName("database", name);
        execute(admin, "CREATE DATABASE \"" + name + "\" TEMPLATE template0 ENCODING 'UTF8'");
        return admin.withDatabase(name);
    }

    /** Drops a database, disconnecting its sessions (PostgreSQL 13+ FORCE). */
    public static void dropDatabase(ConnectionInfo admin, String name) {
        checkName("database", name);
        execute(admin, "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
}
