package dev.justpg.core;

import dev.justpg.core.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of justpg: wraps any {@link DataSource} (HikariCP, Spring, plain pgjdbc) and runs
 * work in transactions that retry on serialization failures and deadlocks.
 *
 * <pre>{@code
 * Database db = Database.of(dataSource);
 * long id = db.inTransaction(tx ->
 *         tx.queryOne("insert into orders(total) values (?) returning id", r -> r.getLong(1), 42));
 * }</pre>
 *
 * <p>Immutable and thread-safe; make one per data source and share it. It holds no connection of
 * its own: each transaction borrows one from the data source and returns it.
 */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    private final TxOptions defaults;
    private final TransactionRunner runner;
    private final ServerInfo serverInfo;

    private Database(DataSource dataSource, TxOptions defaults) {
        this.dataSource = dataSource;
        this.defaults = defaults;
        this.runner = new TransactionRunner(dataSource);
        this.serverInfo = new ServerInfo(this);
    }

    /**
     * A database with the default options ({@link TxOptions#DEFAULT}).
     *
     * @param dataSource where connections come from
     * @return the database
     */
    public static Database of(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * A builder for a database with other default transaction options.
     *
     * @param dataSource where connections come from
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * The data source this database borrows connections from.
     *
     * @return the data source
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The options used by {@link #inTransaction(TxCallback)}.
     *
     * @return the default options
     */
    public TxOptions defaultOptions() {
        return defaults;
    }

    /**
     * Runs work in a transaction with the default options, committing when it returns and rolling
     * back when it throws. On a serialization failure or deadlock the whole callback is run again
     * in a new transaction, as the retry policy allows.
     *
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it (after rollback)
     * @throws RetryExhaustedException when every allowed attempt failed with 40001 or 40P01
     * @throws JustPgException when connecting, starting or committing fails
     */
    public <R, X extends Exception> R inTransaction(TxCallback<R, X> work) throws X {
        return inTransaction(defaults, work);
    }

    /**
     * Runs work in a transaction with the given options. See {@link #inTransaction(TxCallback)}.
     *
     * @param options isolation, read-only, statement timeout and retry policy for this transaction
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it (after rollback)
     */
    public <R, X extends Exception> R inTransaction(TxOptions options, TxCallback<R, X> work) throws X {
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(work, "work must not be null");
        return runner.run(options, work);
    }

    /**
     * Runs work in a {@code READ ONLY} transaction with the default options otherwise.
     *
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it
     */
    public <R, X extends Exception> R inReadOnlyTransaction(TxCallback<R, X> work) throws X {
        return inTransaction(defaults.withReadOnly(true), work);
    }

    /**
     * Runs work that returns nothing in a transaction with the default options.
     *
     * @param work the work
     * @param <X> the checked exception the work may throw
     * @throws X when the work throws it (after rollback)
     */
    public <X extends Exception> void useTransaction(TxConsumer<X> work) throws X {
        useTransaction(defaults, work);
    }

    /**
     * Runs work that returns nothing in a transaction with the given options.
     *
     * @param options isolation, read-only, statement timeout and retry policy for this transaction
     * @param work the work
     * @param <X> the checked exception the work may throw
     * @throws X when the work throws it (after rollback)
     */
    public <X extends Exception> void useTransaction(TxOptions options, TxConsumer<X> work) throws X {
        Objects.requireNonNull(work, "work must not be null");
        inTransaction(options, tx -> {
            work.accept(tx);
            return null;
        });
    }

    /**
     * Runs work on a connection in autocommit mode: no transaction and no retry. For statements
     * that cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}).
     *
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it
     */
    public <R, X extends Exception> R withConnection(ConnectionCallback<R, X> work) throws X {
        Objects.requireNonNull(work, "work must not be null");
        Connection c = openAutoCommit();
        try {
            return work.run(c);
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing a connection failed", e);
            }
        }
    }

    private Connection openAutoCommit() {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return c;
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new JustPgException("could not get a connection from the DataSource (SQLSTATE "
                    + e.getSQLState() + "): " + e.getMessage()
                    + "; check that the server is up and the pool is not exhausted", e);
        }
    }

    /**
     * Runs one statement in autocommit mode.
     *
     * @param sql the statement, with {@code ?} for each value
     * @param params the values, bound in order
     * @return the number of rows affected
     */
    public int execute(String sql, Object... params) {
        return withConnection(c -> Jdbc.update(c, sql, params));
    }

    /**
     * The server's version, read once and cached.
     *
     * @return the version
     */
    public ServerVersion serverVersion() {
        return serverInfo.version();
    }

    /**
     * Fails unless the server is at least the given major version.
     *
     * @param major the major version needed (for example 15)
     * @param feature what needs it, in words, for the message
     * @throws UnsupportedFeatureException when the server is older
     */
    public void requireServerVersion(int major, String feature) {
        serverInfo.requireVersion(major, feature);
    }

    /**
     * Whether the server can install the extension ({@code pg_available_extensions}).
     *
     * @param name the extension name, such as {@code pg_trgm}
     * @return {@code true} when it is available to {@code CREATE EXTENSION}
     */
    public boolean isExtensionAvailable(String name) {
        return serverInfo.extensionAvailable(name);
    }

    /**
     * Whether the extension is installed in this database ({@code pg_extension}).
     *
     * @param name the extension name
     * @return {@code true} when installed
     */
    public boolean isExtensionInstalled(String name) {
        return serverInfo.extensionInstalled(name);
    }

    /**
     * Installs the extension when it is not installed yet ({@code CREATE EXTENSION IF NOT EXISTS}).
     *
     * @param name the extension name, such as {@code pg_trgm}
     * @throws UnsupportedFeatureException when the server does not have it, or the role may not
     *     create it; the message says what to install or who must run the statement
     */
    public void ensureExtension(String name) {
        serverInfo.ensureExtension(name);
    }

    /** Builds a {@link Database}; see {@link Database#builder(DataSource)}. */
    public static final class Builder {

        private final DataSource dataSource;
        private TxOptions defaults = TxOptions.DEFAULT;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /**
         * The options {@link Database#inTransaction(TxCallback)} uses (default {@link TxOptions#DEFAULT}).
         *
         * @param options the default options
         * @return this builder
         */
        public Builder defaultOptions(TxOptions options) {
            this.defaults = Objects.requireNonNull(options, "defaultOptions must not be null");
            return this;
        }

        /**
         * Shortcut for the default isolation level.
         *
         * @param isolation the level (default {@link Isolation#SERVER_DEFAULT})
         * @return this builder
         */
        public Builder isolation(Isolation isolation) {
            this.defaults = defaults.withIsolation(isolation);
            return this;
        }

        /**
         * Shortcut for the default statement timeout.
         *
         * @param timeout the timeout per statement ({@link Duration#ZERO}, the default, keeps the server's)
         * @return this builder
         */
        public Builder statementTimeout(Duration timeout) {
            this.defaults = defaults.withStatementTimeout(timeout);
            return this;
        }

        /**
         * Shortcut for the default retry policy.
         *
         * @param policy the policy (default {@link RetryPolicy#DEFAULT})
         * @return this builder
         */
        public Builder retry(RetryPolicy policy) {
            this.defaults = defaults.withRetry(policy);
            return this;
        }

        /**
         * Builds the database. Connects to nothing yet.
         *
         * @return the database
         */
        public Database build() {
            LOG.info("justpg Database: isolation={}, readOnly={}, statementTimeout={}, retry={} attempts"
                            + " (backoff {} ms to {} ms)",
                    defaults.isolation(), defaults.readOnly(),
                    defaults.statementTimeout().isZero() ? "server default" : defaults.statementTimeout(),
                    defaults.retry().maxAttempts(), defaults.retry().initialBackoff().toMillis(),
                    defaults.retry().maxBackoff().toMillis());
            return new Database(dataSource, defaults);
        }
    }
}
