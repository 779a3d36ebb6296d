package dev.justpg.core.tenancy.internal;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A statement that lets its {@link TenantConnection} bind the tenant before each execution (as a
 * statement of its own). Used for plain statements, callable statements and prepared statements
 * that cannot carry the binding in the same round trip (generated keys, cursors options, or
 * pipelining turned off).
 */
final class GuardedStatement extends ProxyHandler {

    private final Statement real;
    private final String preparedSql;
    private final TenantConnection connection;
    /** The flags of the prepared text, or of the texts added to the batch of a plain statement. */
    private int flags;

    private GuardedStatement(Statement real, String preparedSql, TenantConnection connection) {
        this.real = real;
        this.preparedSql = preparedSql;
        this.connection = connection;
        this.flags = connection.classify(preparedSql);
    }

    static <T extends Statement> T wrap(Class<T> type, T real, String preparedSql, TenantConnection connection) {
        return Reflect.proxy(type, new GuardedStatement(real, preparedSql, connection));
    }

    @Override
    Object handle(Object self, Method method, String name, Object[] args) throws Throwable {
        if (name.equals("getConnection")) {
            return connection.proxy();
        }
        if (preparedSql == null && name.equals("addBatch")) {
            int added = connection.classify((String) args[0]);
            if ((added & (SqlText.TX_CONTROL | SqlText.TOUCHES_SETTINGS)) != 0) {
                connection.beforeBatch(added); // refuses
            }
            Object result = Reflect.call(real, method, args);
            flags |= added;
            return result;
        }
        if (preparedSql == null && name.equals("clearBatch")) {
            flags = 0;
            return Reflect.call(real, method, args);
        }
        if (!name.startsWith("execute")) {
            return Reflect.call(real, method, args);
        }
        if (name.endsWith("Batch")) {
            int batch = flags;
            if (preparedSql == null) {
                flags = 0; // executing a batch empties it
            }
            connection.beforeBatch(batch);
            return execute(connection, real, method, args, batch);
        }
        int sqlFlags = args != null && args.length > 0 && args[0] instanceof String
                ? connection.classify((String) args[0]) : flags;
        connection.beforeExecute(sqlFlags, false);
        return execute(connection, real, method, args, sqlFlags);
    }

    /** Runs an execute method on a real statement and keeps the connection's binding state right. */
    static Object execute(TenantConnection connection, Statement real, Method method, Object[] args, int flags)
            throws Throwable {
        try {
            Object result = Reflect.call(real, method, args);
            connection.afterExecute(flags);
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.failed(flags);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "GuardedStatement[" + real + "]";
    }
}
