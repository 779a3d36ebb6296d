package dev.justpg.core;

import dev.justpg.core.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
 *
 * <h2>Nested calls join</h2>
 * A transactional call made on a thread that already has a transaction open on the same
 * {@code DataSource} instance (by any {@code Database} over it, including
 * {@link AdvisoryLock#tryRun}) joins that transaction ({@link Propagation#REQUIRED}, the
 * default):
 * <ul>
 *   <li>it runs on the same connection and commits nothing; the outermost call commits or rolls
 *       back everything;</li>
 *   <li>when a joined call throws, the whole transaction becomes rollback-only: the exception
 *       goes on to the enclosing call as usual, and if the enclosing work catches it and returns
 *       normally, the outermost call rolls back and throws {@link RollbackOnlyException};</li>
 *   <li>only the outermost call retries on {@code 40001}/{@code 40P01}: a joined call re-throws,
 *       and the outermost call re-runs the whole callback, the nested calls included;</li>
 *   <li>options that disagree with the open transaction (another isolation level, read-write in
 *       a read-only transaction, another statement timeout) are refused before the call runs;
 *       see {@link TxOptions}.</li>
 * </ul>
 * {@link Propagation#REQUIRES_NEW} runs a call in a transaction of its own on a second
 * connection instead. Joining follows the thread: work handed to another thread does not join.
 * {@link #joinTransaction(Connection, TxCallback)} makes a transaction the caller manages
 * (Spring, jOOQ, plain JDBC) the one nested calls join.
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
     * in a new transaction, as the retry policy allows. When this thread already has a
     * transaction open on this data source, the work joins it instead (see the class description).
     *
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it (after rollback)
     * @throws RetryExhaustedException when every allowed attempt failed with 40001 or 40P01
     * @throws RollbackOnlyException when the work returned but a joined call inside it had failed
     * @throws JustPgException when connecting, starting or committing fails, or when joining an
     *     enclosing transaction with options that disagree with it
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
     * Runs work in a transaction the caller manages on {@code connection}: a Spring
     * {@code @Transactional} transaction ({@code DataSourceUtils.getConnection(dataSource)}), a
     * jOOQ transaction's connection, or plain JDBC with autocommit off. justpg never commits,
     * rolls back or closes that connection, and never retries: the caller's transaction decides.
     *
     * <p>While the work runs, transactional calls on this thread through any {@code Database}
     * over this database's {@link #dataSource()} (including {@link AdvisoryLock#tryRun}) join the
     * caller's transaction, with the rules of the class description. When such a joined call
     * failed and the work caught its exception, this method throws {@link RollbackOnlyException}
     * so the caller's framework rolls back.
     *
     * <pre>{@code
     * Connection c = DataSourceUtils.getConnection(dataSource);     // inside @Transactional
     * try {
     *     db.joinTransaction(c, tx -> tx.update("insert into audit(event) values (?)", event));
     * } finally {
     *     DataSourceUtils.releaseConnection(c, dataSource);
     * }
     * }</pre>
     *
     * @param connection the open connection of the caller's transaction (autocommit off)
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it (nothing is rolled back here)
     * @throws IllegalArgumentException when the connection is closed or in autocommit mode (nothing ran)
     * @throws RollbackOnlyException when the work returned but a joined call inside it had failed
     */
    public <R, X extends Exception> R joinTransaction(Connection connection, TxCallback<R, X> work) throws X {
        Objects.requireNonNull(work, "work must not be null");
        return runner.runInCallerTransaction(connection, work);
    }

    /**
     * The transaction the calling thread has open on this database's data source (through
     * {@link #inTransaction(TxCallback)} or {@link #joinTransaction(Connection, TxCallback)} on any
     * {@code Database} over it), which a nested {@link Propagation#REQUIRED} call would join.
     *
     * @return the innermost open transaction, or empty
     */
    public Optional<Tx> currentTransaction() {
        TxFrame frame = runner.current();
        return frame == null ? Optional.empty() : Optional.of(frame.tx());
    }

    /**
     * Runs work on a connection in autocommit mode: no transaction and no retry. For statements
     * that cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}). It
     * always borrows a connection of its own, also inside a transaction: it never joins one.
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

    /**
     * Runs a read-only catalog query on the transaction this thread has open on this data source
     * (so a pool of one is enough), else on a connection of its own in autocommit mode.
     */
    <R> R readCatalog(ConnectionCallback<R, RuntimeException> query) {
        TxFrame frame = runner.current();
        return frame != null ? query.run(frame.tx().connection()) : withConnection(query);
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
            throw TransactionRunner.noConnection(dataSource, e);
        }
    }

    /**
     * Runs one statement in autocommit mode, on a connection of its own (it never joins a
     * transaction; inside one, use {@link Tx#update}).
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
        private boolean quiet;

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
         * Logs the configuration at DEBUG instead of INFO when the database is built: for libraries
         * and framework integrations that build a {@code Database} for their own use and log
         * their own configuration. By default the configuration is logged once at INFO per
         * database built.
         *
         * @return this builder
         */
        public Builder quiet() {
            this.quiet = true;
            return this;
        }

        /**
         * Builds the database and logs its configuration once (at INFO, or DEBUG when
         * {@link #quiet()}). Connects to nothing yet.
         *
         * @return the database
         */
        public Database build() {
            if (quiet && !LOG.isDebugEnabled() || !quiet && !LOG.isInfoEnabled()) {
                return new Database(dataSource, defaults);
            }
            String format = "justpg Database: isolation={}, readOnly={}, statementTimeout={}, propagation={},"
                    + " retry={} attempts (backoff {} ms to {} ms)";
            Object[] args = {defaults.isolation(), defaults.readOnly(),
                defaults.statementTimeout().isZero() ? "server default" : defaults.statementTimeout(),
                defaults.propagation(), defaults.retry().maxAttempts(), defaults.retry().initialBackoff().toMillis(),
                defaults.retry().maxBackoff().toMillis()};
            if (quiet) {
                LOG.debug(format, args);
            } else {
                LOG.info(format, args);
            }
            return new Database(dataSource, defaults);
        }
    }
}
