package dev.justpg.backup;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the client tools connect: host, port, database, user and an optional password.
 *
 * <p>The password reaches the tools only through a temporary {@code PGPASSFILE} readable by the
 * owner alone; it never appears in a command line, an environment variable, a log line or
 * {@link #toString()}.
 */
public final class Endpoint {

    /** The port used when none is given: {@value}. */
    public static final int DEFAULT_PORT = 5432;

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;

    private Endpoint(String host, int port, String database, String user, String password) {
        this.host = requireText(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        this.port = port;
        this.database = requireText(database, "database");
        this.user = requireText(user, "user");
        this.password = password;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name + " must not contain line breaks or NUL");
        }
        return value;
    }

    /**
     * An endpoint without a password (trust, peer or certificate authentication, or a
     * {@code ~/.pgpass} of the caller's own).
     *
     * @param host the host name or address
     * @param port the port
     * @param database the database name
     * @param user the role name
     * @return the endpoint
     */
    public static Endpoint of(String host, int port, String database, String user) {
        return new Endpoint(host, port, database, user, null);
    }

    /**
     * An endpoint with a password.
     *
     * @param host the host name or address
     * @param port the port
     * @param database the database name
     * @param user the role name
     * @param password the password (kept out of argv, environment, logs and {@code toString()})
     * @return the endpoint
     */
    public static Endpoint of(String host, int port, String database, String user, String password) {
        Objects.requireNonNull(password, "password");
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("password must not contain line breaks (a password file holds one per line)");
        }
        return new Endpoint(host, port, database, user, password);
    }

    /** @return the host name or address */
    public String host() {
        return host;
    }

    /** @return the port */
    public int port() {
        return port;
    }

    /** @return the database name */
    public String database() {
        return database;
    }

    /** @return the role name */
    public String user() {
        return user;
    }

    /**
     * The password, for code that must open its own connection. Never log it.
     *
     * @return the password, or empty
     */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /**
     * The same server and credentials, another database.
     *
     * @param otherDatabase the database name
     * @return a new endpoint
     */
    public Endpoint withDatabase(String otherDatabase) {
        return new Endpoint(host, port, otherDatabase, user, password);
    }

    /**
     * A pgjdbc URL for this endpoint (without credentials).
     *
     * @return for example {@code jdbc:postgresql://127.0.0.1:5432/app}
     */
    public String jdbcUrl() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + database + (password == null ? "" : " (password set)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.host.equals(host) && e.port == port && e.database.equals(database)
                && e.user.equals(user) && Objects.equals(e.password, password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user);
    }
}
