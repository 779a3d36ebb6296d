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

    private GuardedStatement(Statement real, String preparedSql, TenantConnection connection) {
        this.real = real;
        this.preparedSql = preparedSql;
        this.connection = connection;
    }

    static <T extends Statement> T wrap(Class<T> type, T real, String preparedSql, TenantConnection connection) {
        return Reflect.proxy(type, new GuardedStatement(real, preparedSql, connection));
    }

    @Override
    Object handle(Object self, Method method, String name, Object[] args) throws Throwable {
        if (name.equals("getConnection")) {
            return connection.proxy();
        }
        if (!name.startsWith("execute")) {
            return Reflect.call(real, method, args);
        }
        String sql = args != null && args.length > 0 && args[0] instanceof String ? (String) args[0] : preparedSql;
        connection.beforeExecute(sql, false);
        return execute(connection, real, method, args, sql);
    }

    /** Runs an execute method on a real statement and keeps the connection's binding state right. */
    static Object execute(TenantConnection connection, Statement real, Method method, Object[] args, String sql)
            throws Throwable {
        try {
            Object result = Reflect.call(real, method, args);
            connection.afterExecute(sql);
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.failed();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "GuardedStatement[" + real + "]";
    }
}
