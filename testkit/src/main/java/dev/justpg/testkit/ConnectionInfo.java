package dev.justpg.testkit;

import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where a test server is and how to log in: for JDBC, and for child processes such as
 * {@code pg_dump} (pass the password through a {@code PGPASSFILE}, never on the command line).
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param host the host name or address
 * @param port the TCP port
 * @param database the database name
 * @param user the role to log in as
 * @param password the role's password
 */
public record ConnectionInfo(String host, int port, String database, String user, String password) {

    /**
     * Validates the fields.
     *
     * @param host see the record description
     * @param port see the record description
     * @param database see the record description
     * @param user see the record description
     * @param password see the record description
     */
    public ConnectionInfo {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * The JDBC URL, without credentials.
     *
     * @return for example {@code jdbc:postgresql://127.0.0.1:54321/orders}
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * The same server and role, another database.
     *
     * @param otherDatabase the database name
     * @return the new connection info
     */
    public ConnectionInfo withDatabase(String otherDatabase) {
        return new ConnectionInfo(host, port, otherDatabase, user, password);
    }

    /**
     * The same server and database, another role.
     *
     * @param otherUser the role name
     * @param otherPassword its password
     * @return the new connection info
     */
    public ConnectionInfo withUser(String otherUser, String otherPassword) {
        return new ConnectionInfo(host, port, database, otherUser, otherPassword);
    }

    /**
     * A non-pooling pgjdbc data source for this database and role (a new connection per
     * {@code getConnection()}); wrap it in a pool when a test needs one.
     *
     * @return the data source
     */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setApplicationName("justpg-test");
        ds.setConnectTimeout(10);
        return ds;
    }

    /**
     * A description without the password.
     *
     * @return for example {@code postgres@127.0.0.1:54321/orders}
     */
    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + database;
    }
}
