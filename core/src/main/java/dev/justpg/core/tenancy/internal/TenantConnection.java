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
 * <p>How it knows a transaction started: before each statement it asks pgjdbc for the
 * transaction state. {@code IDLE} with autocommit off means the statement is about to open a new
 * transaction, so the binding is due; it is also reset by {@code commit}, {@code rollback},
 * {@code setAutoCommit}, SQL {@code COMMIT}/{@code ROLLBACK} and any failed statement (a driver
 * savepoint may have undone it). The binding is sent with the first prepared statement of the
 * transaction in the same round trip when pipelining is on ({@link PipelinedStatement}), else as
 * its own statement just before it. When the tenant in scope changes inside a transaction, the
 * next statement rebinds. In autocommit mode nothing can be bound safely (a transaction-local
 * setting would vanish after the statement; a session setting would leak to the pool), so a
 * statement with a tenant in scope is refused.
 */
final class TenantConnection extends ProxyHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TenantConnection.class);
    /** Marks a transaction whose settings were explicitly cleared (no tenant in scope, not required). */
    private static final Object CLEARED = new Object();

    private final Connection raw;
    private final BaseConnection pg;
    private final TenantRuntime runtime;
    private Connection proxy;
    /** The context bound in the open transaction ({@link #CLEARED} or a TenantContext), or null. */
    private Object bound;
    /** The settings that hold a value in the open transaction (bits of {@link Binding}). */
    private int boundMask;
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

    /**
     * Called before a statement runs. Binds the tenant in scope when this statement starts a
     * transaction or the scope changed, or returns the context for the caller to send with the
     * statement in the same round trip.
     *
     * @param sql the statement text when known (for transaction-control statements), else null
     * @param canPipeline whether the caller can send the binding with the statement
     * @return the binding the caller must send with the statement, or null when nothing is due
     */
    BindCall beforeExecute(String sql, boolean canPipeline) throws SQLException {
        if (closed) {
            return null;
        }
        boolean control = SqlText.isTransactionControl(sql);
        TenantContext current = runtime.current();
        if (raw.getAutoCommit()) {
            transactionEnded();
            if (control) {
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
            return null;
        }
        if (pg != null && pg.getTransactionState() == TransactionState.IDLE) {
            transactionEnded();
        }
        if (control) {
            return null;
        }
        Object target;
        if (current != null) {
            target = current;
        } else if (runtime.requireTenant()) {
            throw noTenant();
        } else {
            target = bound == null && boundMask == 0 ? null : CLEARED;
        }
        if (target == null || target.equals(bound)) {
            return null;
        }
        BindCall call = runtime.binding().call(contextOf(target), boundMask, target);
        if (call == null) {
            bound = target;
            return null;
        }
        if (canPipeline && bound == null) {
            return call;
        }
        bindNow(call);
        return null;
    }

    /** Called after a statement ran, with its text when known. */
    void afterExecute(String sql) {
        if (SqlText.mayUndoBinding(sql)) {
            bound = null;
        }
    }

    /** Called when a statement failed: a savepoint rollback by the driver may have undone the binding. */
    void failed() {
        bound = null;
    }

    /** Called when a statement carrying a binding failed: the settings may or may not have been set. */
    void failed(BindCall call) {
        boundMask |= call.mask();
        bound = null;
    }

    /** Records that the caller sent this binding with its statement. */
    void boundWithStatement(BindCall call) {
        bound = call.target();
        boundMask = call.mask();
    }

    private static TenantContext contextOf(Object target) {
        return target instanceof TenantContext ? (TenantContext) target : null;
    }

    private void bindNow(BindCall call) throws SQLException {
        bound = null;
        boundMask |= call.mask();
        Binding.bind(raw, call);
        boundWithStatement(call);
    }

    private void transactionEnded() {
        bound = null;
        boundMask = 0;
    }

    /** Binds before the caller gets hold of the raw connection or a savepoint, when a transaction is open. */
    private void bindEagerly() throws SQLException {
        if (!raw.getAutoCommit() && runtime.current() != null) {
            beforeExecute(null, false);
        }
    }

    private NoTenantException noTenant() {
        return new NoTenantException("no tenant in scope on thread '" + Thread.currentThread().getName()
                + "': nothing was sent to the database; run the work in tenancy.inTenant(...) or open a scope with"
                + " tenancy.enter(...) around it (for cross-tenant work use tenancy.crossTenant)");
    }

    private void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if ((bound != null || boundMask != 0) && !raw.isClosed() && !raw.getAutoCommit()
                    && (pg == null || pg.getTransactionState() != TransactionState.IDLE)) {
                LOG.debug("a connection was closed inside a tenant-bound transaction; rolling it back");
                raw.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("rolling back before close failed", e);
        } finally {
            transactionEnded();
            raw.close();
        }
    }

    @Override
    public String toString() {
        return "TenantConnection[" + raw + "]";
    }
}
