package dev.justpg.core.tenancy.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The base of the JDBC proxies: answers the {@link Object} methods (identity {@code equals} and
 * {@code hashCode}, the handler's {@code toString}) and hands every JDBC method to {@link #handle}.
 */
abstract class ProxyHandler implements InvocationHandler {

    @Override
    public final Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return self == args[0];
                case "hashCode":
                    return System.identityHashCode(self);
                default:
                    return toString();
            }
        }
        return handle(self, method, method.getName(), args);
    }

    /** Handles one JDBC method call on the proxy {@code self}. */
    abstract Object handle(Object self, Method method, String name, Object[] args) throws Throwable;
}
