package dev.justpg.core.tenancy.internal;

import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A prepared statement that, when it is the first statement of a transaction, carries the tenant
 * binding in the same round trip: it runs {@code <binding>; <your SQL>} as one prepared statement
 * (pgjdbc sends both with a single sync message) and hands back the results of your SQL only.
 * Otherwise it runs your SQL as prepared.
 *
 * <p>The real statements are made lazily, so calls made before the first execution are recorded:
 * parameter values by index (the last value per index wins, as in JDBC) and statement settings
 * (fetch size, timeouts...) by name. They are replayed on the real statement that executes, with
 * parameter indexes shifted past the binding's parameters in the combined form. Batches always
 * use the plain form, after a separate binding when one is due.
 */
final class PipelinedStatement extends ProxyHandler {

    private final String sql;
    private final TenantConnection connection;
    private final int flags;
    private final Map<Integer, Call> parameters = new TreeMap<>();
    private final Map<String, Call> settings = new LinkedHashMap<>();
    private PreparedStatement plain;
    private PreparedStatement combined;
    private String combinedBinding;
    private PreparedStatement last;
    private boolean closed;

    private PipelinedStatement(String sql, TenantConnection connection) {
        this.sql = sql;
        this.connection = connection;
        this.flags = connection.classify(sql);
    }

    static PreparedStatement wrap(String sql, TenantConnection connection) throws SQLException {
        if (sql == null) {
            throw new SQLException("the SQL text of a prepared statement must not be null");
        }
        return Reflect.proxy(PreparedStatement.class, new PipelinedStatement(sql, connection));
    }

    /** One recorded call. */
    private static final class Call {
        final Method method;
        final Object[] args;

        Call(Method method, Object[] args) {
            this.method = method;
            this.args = args;
        }

        void replay(Statement target, int shift) throws Throwable {
            if (args.length == 2 && method.getName().equals("setObject")) {
                ((PreparedStatement) target).setObject((Integer) args[0] + shift, args[1]);
                return;
            }
            Object[] shifted = args;
            if (shift != 0) {
                shifted = args.clone();
                shifted[0] = (Integer) args[0] + shift;
            }
            Reflect.call(target, method, shifted);
        }
    }

    @Override
    Object handle(Object self, Method method, String name, Object[] args) throws Throwable {
        switch (name) {
            case "close":
                close();
                return null;
            case "isClosed":
                return closed;
            case "getConnection":
                return connection.proxy();
            case "clearParameters":
                parameters.clear();
                forEachReal(s -> s.clearParameters());
                return null;
            case "addBatch":
            case "clearBatch":
            case "executeBatch":
            case "executeLargeBatch":
                return batch(method, args);
            default:
                break;
        }
        checkOpen();
        if (isParameterSetter(method)) {
            parameters.put((Integer) args[0], new Call(method, args));
            return null;
        }
        if (isStatementSetting(method)) {
            Call call = new Call(method, args);
            settings.put(name + method.getParameterCount(), call);
            for (PreparedStatement s : reals()) {
                call.replay(s, 0);
            }
            return null;
        }
        if (name.startsWith("execute")) {
            if (args == null || args.length == 0) {
                return execute(method);
            }
            PreparedStatement target = plain();
            int sqlFlags = connection.classify((String) args[0]);
            connection.beforeExecute(sqlFlags, false);
            last = target;
            return GuardedStatement.execute(connection, target, method, args, sqlFlags);
        }
        if (isResultMethod(name)) {
            return Reflect.call(last != null ? last : plain(), method, args);
        }
        return Reflect.call(plain(), method, args);
    }

    private Object execute(Method method) throws Throwable {
        BindCall target = connection.beforeExecute(flags, true);
        if (target == null) {
            PreparedStatement s = plain();
            replayParameters(s, 0);
            last = s;
            return GuardedStatement.execute(connection, s, method, null, flags);
        }
        PreparedStatement s = combined(target);
        target.setParameters(s);
        replayParameters(s, target.parameterCount());
        last = s;
        boolean resultSet;
        try {
            s.execute();
            resultSet = s.getMoreResults();
        } catch (SQLException | RuntimeException e) {
            connection.failed(target, flags);
            throw e;
        }
        connection.boundWithStatement(target);
        connection.afterExecute(flags);
        switch (method.getName()) {
            case "execute":
                return resultSet;
            case "executeQuery":
                if (!resultSet) {
                    throw new SQLException("No results were returned by the query.", "02000");
                }
                return s.getResultSet();
            default:
                if (resultSet) {
                    throw new SQLException("A result was returned when none was expected.", "0100E");
                }
                if (method.getName().equals("executeLargeUpdate")) {
                    return s.getLargeUpdateCount();
                }
                return s.getUpdateCount();
        }
    }

    private Object batch(Method method, Object[] args) throws Throwable {
        checkOpen();
        PreparedStatement s = plain();
        String name = method.getName();
        if (name.equals("addBatch") && (args == null || args.length == 0)) {
            replayParameters(s, 0);
        }
        if (!name.startsWith("execute")) {
            return Reflect.call(s, method, args);
        }
        connection.beforeBatch(flags);
        last = s;
        return GuardedStatement.execute(connection, s, method, args, flags);
    }

    private void replayParameters(PreparedStatement s, int shift) throws Throwable {
        for (Call call : parameters.values()) {
            call.replay(s, shift);
        }
    }

    private PreparedStatement plain() throws Throwable {
        if (plain == null) {
            plain = create(sql);
        }
        return plain;
    }

    private PreparedStatement combined(BindCall call) throws Throwable {
        if (combined != null && !call.sql().equals(combinedBinding)) {
            combined.close();
            combined = null;
        }
        if (combined == null) {
            combined = create(connection.runtime().combinedText(call, sql));
            combinedBinding = call.sql();
        }
        return combined;
    }

    private PreparedStatement create(String text) throws Throwable {
        checkOpen();
        PreparedStatement s = connection.raw().prepareStatement(text);
        for (Call call : settings.values()) {
            call.replay(s, 0);
        }
        return s;
    }

    private List<PreparedStatement> reals() {
        List<PreparedStatement> list = new ArrayList<>(2);
        if (plain != null) {
            list.add(plain);
        }
        if (combined != null) {
            list.add(combined);
        }
        return list;
    }

    private interface StatementAction {
        void run(PreparedStatement s) throws SQLException;
    }

    private void forEachReal(StatementAction action) throws SQLException {
        for (PreparedStatement s : reals()) {
            action.run(s);
        }
    }

    private void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        for (PreparedStatement s : reals()) {
            try {
                s.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("This statement has been closed.", "55000");
        }
    }

    private static boolean isParameterSetter(Method m) {
        // Every set* method PreparedStatement declares takes the parameter index first.
        return m.getDeclaringClass() == PreparedStatement.class && m.getName().startsWith("set");
    }

    private static boolean isStatementSetting(Method m) {
        return m.getDeclaringClass() == Statement.class && m.getReturnType() == void.class
                && (m.getName().startsWith("set") || m.getName().equals("closeOnCompletion"));
    }

    private static boolean isResultMethod(String name) {
        switch (name) {
            case "getResultSet":
            case "getUpdateCount":
            case "getLargeUpdateCount":
            case "getMoreResults":
            case "getGeneratedKeys":
            case "getWarnings":
            case "clearWarnings":
            case "cancel":
                return true;
            default:
                return false;
        }
    }

    @Override
    public String toString() {
        return "PipelinedStatement[" + sql + "]";
    }
}
