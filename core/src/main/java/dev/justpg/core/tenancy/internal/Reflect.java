package dev.justpg.core.tenancy.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** Reflection helpers for the JDBC proxies. */
final class Reflect {

    private Reflect() {
    }

    /** Calls the method on the target, rethrowing what the method threw (not the reflective wrapper). */
    static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A proxy of one JDBC interface, made by this library's class loader. */
    static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(Reflect.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
