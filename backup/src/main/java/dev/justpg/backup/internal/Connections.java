package dev.justpg.backup.internal;

import dev.justpg.backup.BackupException;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.FailureKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens JDBC connections to an endpoint (for snapshots, counts and database administration). */
public final class Connections {

    private Connections() {
    }

    /**
     * Opens a connection.
     *
     * @param endpoint where
     * @return the connection
     */
    public static Connection open(Endpoint endpoint) {
        Properties props = new Properties();
        props.setProperty("user", endpoint.user());
        endpoint.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", "justpg-backup");
        props.setProperty("connectTimeout", "30");
        try {
            return DriverManager.getConnection(endpoint.jdbcUrl(), props);
        } catch (SQLException e) {
            throw failure("could not connect to " + endpoint, e);
        }
    }

    /**
     * Wraps a SQL failure with its kind.
     *
     * @param what what was being done
     * @param e the failure
     * @return the exception to throw
     */
    public static BackupException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        FailureKind kind;
        if (state.startsWith("28")) {
            kind = FailureKind.AUTHENTICATION;
        } else if (state.equals("42501")) {
            kind = FailureKind.PERMISSION;
        } else if (state.equals("3D000") || state.equals("42P01") || state.equals("42704") || state.equals("3F000")) {
            kind = FailureKind.MISSING_OBJECT;
        } else if (state.equals("53100")) {
            kind = FailureKind.DISK_FULL;
        } else {
            kind = FailureKind.OTHER;
        }
        return new BackupException(kind, what + ": " + e.getMessage() + " (SQLSTATE " + state + ")", "", e);
    }
}
