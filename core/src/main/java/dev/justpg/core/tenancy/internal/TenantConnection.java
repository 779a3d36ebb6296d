package dev.justpg.core.tenancy.internal;

import dev.justpg.core.tenancy.NoTenantException;
import dev.justpg.core.tenancy.TenancyException;
import dev.justpg.core.tenancy.TenantContext;
import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that binds the tenant in scope at the start of every transaction, whoever runs
 * it: {@code Database}, Spring's transaction manager, jOOQ or plain JDBC.
 *
 * <p>Every transaction is bound, with the scope's context or, when no tenant is in scope and none
 * is required, with empty settings: the binding sets all four settings transaction-locally, which
 * hides whatever a previous user of the pooled connection left at session level. Nothing is
 * skipped because "nothing was bound yet".
 *
 * <p>How it knows a transaction started: before each statement it asks pgjdbc for the
 * transaction state. {@code IDLE} with autocommit off means the statement is about to open a new
 * transaction, so the binding is due; it is also reset by {@code commit}, {@code rollback},
 * {@code setAutoCommit}, transaction control in SQL, a statement that may set a tenant setting,
 * and any failed statement (a driver savepoint may have undone it). The binding is sent with the
 * first prepared statement of the transaction in the same round trip when pipelining is on
 * ({@link PipelinedStatement}), else as its own statement just before it. Only a text made
 * entirely of transaction set-up or control ({@code SET TRANSACTION}, {@code SET LOCAL x = 1},
 * {@code BEGIN}...) runs before the binding (see {@link SqlText#EXEMPT}); a text of several
 * statements with transaction control inside is refused, since the statements after it would run
 * in a new, unbound transaction.
 *
 * <p>In autocommit mode a statement with a tenant in scope is refused (a transaction-local
 * setting would vanish after the statement; a session setting would leak to the pool). Without
 * a tenant, when none is required, the settings are emptied at session level once per borrowing
 * (again after any statement that may have set one). When a statement that may have set a
 * setting at session level ran, the settings are emptied at session level before the connection
 * goes back to the pool.
 */
final class TenantConnection extends ProxyHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TenantConnection.class);
    /** Marks a transaction bound to empty settings (no tenant in scope, not required). */
    private static final Object CLEARED = new Object();

    private final Connection raw;
    private final BaseConnection pg;
    private final TenantRuntime runtime;
    private Connection proxy;
    /** The context bound in the open transaction ({@link #CLEARED} or a TenantContext), or null. */
    private Object bound;
    /** Whether the settings were emptied at session level in this borrowing and nothing touched them since. */
    private boolean sessionClean;
    /** Whether a statement in this borrowing may have set a setting at session level. */
    private boolean sessionDirty;
    private boolean closed;

    private TenantConnection(Connection raw, BaseConnection pg, TenantRuntime runtime) {
        this.raw = raw;
        this.pg = pg;
        this.runtime = runtime;
    }

    static Connection wrap(Connection raw, TenantRuntime runtime) throws SQLException {
        BaseConnection pg = raw.isWrapperFor(BaseConnection.class) ? raw.unwrap(BaseConnection.class) : null;
        TenantConnection handler = new TenantConnection(raw, pg, runtime);
        handler.proxy = Reflect.proxy(Connection.class, handler);
        return handler.proxy;
    }

    Connection proxy() {
        return proxy;
    }

    Connection raw() {
        return raw;
    }

    TenantRuntime runtime() {
        return runtime;
    }

    @Override
    Object handle(Object self, Method method, String name, Object[] args) throws Throwable {
        switch (name) {
            case "createStatement":
                return GuardedStatement.wrap(Statement.class, (Statement) Reflect.call(raw, method, args), null, this);
            case "prepareStatement":
                if (args.length == 1 && runtime.pipeline()) {
                    return PipelinedStatement.wrap((String) args[0], this);
                }
                return GuardedStatement.wrap(PreparedStatement.class, (PreparedStatement) Reflect.call(raw, method, args),
                        (String) args[0], this);
            case "prepareCall":
                return GuardedStatement.wrap(CallableStatement.class, (CallableStatement) Reflect.call(raw, method, args),
                        (String) args[0], this);
            case "getAutoCommit":
                return raw.getAutoCommit();
            case "isClosed":
                return raw.isClosed();
            case "commit":
            case "rollback":
                try {
                    if (args == null) {
                        if (name.equals("commit")) {
                            raw.commit();
                        } else {
                            raw.rollback();
                        }
                        return null;
                    }
                    return Reflect.call(raw, method, args);
                } finally {
                    if (args == null) {
                        transactionEnded();
                    } else {
                        bound = null; // rollback to a savepoint: the settings may be older than the binding
                    }
                }
            case "setAutoCommit":
                if (raw.getAutoCommit() != (Boolean) args[0]) {
                    transactionEnded();
                }
                raw.setAutoCommit((Boolean) args[0]);
                return null;
            case "setSavepoint":
                bindEagerly();
                return Reflect.call(raw, method, args);
            case "unwrap":
                if (((Class<?>) args[0]).isInstance(self)) {
                    return self;
                }
                bindEagerly();
                return Reflect.call(raw, method, args);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(self) || (Boolean) Reflect.call(raw, method, args);
            case "close":
                close();
                return null;
            default:
                return Reflect.call(raw, method, args);
        }
    }

    /** The flags ({@link SqlText}) of a text, read with this connection's string syntax. */
    int classify(String sql) {
        return runtime.classify(sql, pg == null || pg.getStandardConformingStrings());
    }

    /**
     * Called before a statement runs. Binds what the scope asks for when this statement starts a
     * transaction or the scope changed, or returns the call for the caller to send with the
     * statement in the same round trip.
     *
     * @param flags the statement's {@link SqlText} flags (0 when its text is unknown)
     * @param canPipeline whether the caller can send the binding with the statement
     * @return the binding the caller must send with the statement, or null when nothing is due
     */
    BindCall beforeExecute(int flags, boolean canPipeline) throws SQLException {
        if (closed) {
            throw new SQLException("This connection has been closed.", "08003");
        }
        if ((flags & SqlText.MULTI) != 0 && (flags & SqlText.TOUCHES_SETTINGS) != 0) {
            throw new TenancyException("refusing a text of several statements in which one may set a setting"
                    + " (SET or RESET of a dotted name, set_config, DISCARD): the statements after it could run with"
                    + " another tenant's settings; nothing was sent. The tenant settings are justpg's: put a tenant"
                    + " in scope with tenancy.enter(...) or inTenant(...), and send other settings as statements of"
                    + " their own");
        }
        TenantContext current = runtime.current();
        if (raw.getAutoCommit()) {
            bound = null;
            if ((flags & SqlText.EXEMPT) != 0) {
                return null;
            }
            if (current != null) {
                throw new TenancyException("refusing to run a statement in autocommit mode while tenant "
                        + current.tenantId() + " is in scope: a transaction-local setting would be gone after the"
                        + " statement and a session setting would leak to the next user of the pooled connection;"
                        + " run the work in a transaction (tenancy.inTenant, @Transactional, jOOQ transaction(),"
                        + " or setAutoCommit(false))");
            }
            if (runtime.requireTenant()) {
                throw noTenant();
            }
            if (sessionClean) {
                return null;
            }
            return due(runtime.binding().sessionClear(), canPipeline);
        }
        if (pg != null && pg.getTransactionState() == TransactionState.IDLE) {
            bound = null;
        }
        if ((flags & SqlText.EXEMPT) != 0) {
            return null;
        }
        if ((flags & SqlText.MULTI) != 0 && (flags & SqlText.TX_CONTROL) != 0) {
            throw new TenancyException("refusing a text of several statements with transaction control inside"
                    + " (BEGIN, COMMIT, ROLLBACK, END, ABORT, PREPARE TRANSACTION): the statements after it would run"
                    + " in another transaction, without the tenant binding; nothing was sent. Send transaction"
                    + " control as a statement of its own, or use commit() and rollback()");
        }
        Object target;
        if (current != null) {
            target = current;
        } else if (runtime.requireTenant()) {
            throw noTenant();
        } else {
            target = CLEARED;
        }
        if (target.equals(bound)) {
            return null;
        }
        return due(runtime.binding().call(contextOf(target), target), canPipeline && bound == null);
    }

    /**
     * Called before a batch runs: each statement of a batch runs on its own, so transaction
     * control in it would leave the entries after it unbound, and a setting change would apply to
     * the entries after it.
     */
    void beforeBatch(int flags) throws SQLException {
        if ((flags & SqlText.TX_CONTROL) != 0) {
            throw new TenancyException("refusing a batch with transaction control in it (BEGIN, COMMIT, ROLLBACK,"
                    + " END, ABORT, PREPARE TRANSACTION): the entries after it would run in another transaction,"
                    + " without the tenant binding; nothing was sent. Use commit() and rollback() around the batch");
        }
        if ((flags & SqlText.TOUCHES_SETTINGS) != 0) {
            throw new TenancyException("refusing a batch with a statement that may set a setting (SET or RESET of a"
                    + " dotted name, set_config, DISCARD): the entries after it could run with another tenant's"
                    + " settings; nothing was sent. Send it as a statement of its own");
        }
        beforeExecute(flags & ~SqlText.EXEMPT, false);
    }

    private BindCall due(BindCall call, boolean canPipeline) throws SQLException {
        if (canPipeline) {
            return call;
        }
        bound = null;
        Binding.bind(raw, call);
        boundWithStatement(call);
        return null;
    }

    /** Called after a statement ran, with its flags. */
    void afterExecute(int flags) {
        if ((flags & (SqlText.TX_CONTROL | SqlText.TOUCHES_SETTINGS)) != 0) {
            bound = null;
        }
        if ((flags & SqlText.TOUCHES_SETTINGS) != 0) {
            touched();
        }
    }

    /** Called when a statement failed: a savepoint rollback by the driver may have undone the binding. */
    void failed(int flags) {
        bound = null;
        if ((flags & SqlText.TOUCHES_SETTINGS) != 0) {
            touched();
        }
    }

    /** Called when a statement carrying a binding failed: the settings may or may not have been set. */
    void failed(BindCall call, int flags) {
        if (call.session()) {
            sessionClean = false;
        }
        failed(flags);
    }

    /** Records that this binding was sent (with the caller's statement or on its own) and succeeded. */
    void boundWithStatement(BindCall call) {
        if (call.session()) {
            sessionClean = true;
        } else {
            bound = call.target();
        }
    }

    private void touched() {
        sessionDirty = true;
        sessionClean = false;
    }

    private static TenantContext contextOf(Object target) {
        return target instanceof TenantContext ? (TenantContext) target : null;
    }

    private void transactionEnded() {
        bound = null;
    }

    /** Binds before the caller gets hold of the raw connection or a savepoint. */
    private void bindEagerly() throws SQLException {
        if (closed) {
            return;
        }
        if (raw.getAutoCommit()) {
            if (runtime.current() == null && !runtime.requireTenant()) {
                beforeExecute(0, false);
            }
        } else if (runtime.current() != null || !runtime.requireTenant()) {
            beforeExecute(0, false);
        }
    }

    private NoTenantException noTenant() {
        return new NoTenantException("no tenant in scope on thread '" + Thread.currentThread().getName()
                + "': nothing was sent to the database; run the work in tenancy.inTenant(...) or open a scope with"
                + " tenancy.enter(...) around it (for cross-tenant work use tenancy.crossTenant)");
    }

    /**
     * Hands the connection back: rolls back a transaction left open, and when a statement may
     * have set a tenant setting at session level, empties the four settings at session level so
     * the next user of the pooled connection does not inherit them.
     */
    private void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!raw.isClosed()) {
                boolean autoCommit = raw.getAutoCommit();
                if (!autoCommit && (pg == null || pg.getTransactionState() != TransactionState.IDLE)) {
                    LOG.debug("a connection was closed inside a transaction; rolling it back");
                    raw.rollback();
                } else if (autoCommit && pg != null && pg.getTransactionState() != TransactionState.IDLE) {
                    // A BEGIN sent as SQL in autocommit mode: the pool would hand the open block on.
                    LOG.debug("a connection was closed inside a transaction block opened in SQL; rolling it back");
                    try (Statement st = raw.createStatement()) {
                        st.execute("ROLLBACK");
                    }
                }
                if (sessionDirty) {
                    Binding.bind(raw, runtime.binding().sessionClear());
                    if (!autoCommit) {
                        raw.commit();
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warn("could not reset the tenant settings of a connection before handing it back (SQLSTATE {});"
                    + " closing it", e.getSQLState(), e);
            if (sessionDirty) {
                try {
                    raw.abort(Runnable::run);
                } catch (SQLException | RuntimeException abortFailed) {
                    e.addSuppressed(abortFailed);
                }
            }
        } finally {
            transactionEnded();
            sessionDirty = false;
            raw.close();
        }
    }

    @Override
    public String toString() {
        return "TenantConnection[" + raw + "]";
    }
}
