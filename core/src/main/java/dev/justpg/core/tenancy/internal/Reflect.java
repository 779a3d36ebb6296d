package dev.justpg.core.tenancy.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** Reflection helpers for the JDBC proxies. */
final class Reflect {

    private Reflect() {
    }

    /**
     * Calls the method on the target, rethrowing what the method threw (not the reflective
     * wrapper). The JDBC interface methods are public members of an exported package, so each
     * {@code Method} (the proxy's own copy) is made accessible once and later calls skip the
     * access check that {@code invoke} would otherwise make every time.
     */
    @SuppressWarnings("deprecation") // isAccessible() only reads the flag; canAccess(target) would run the check
    static Object call(Object target, Method method, Object[] args) throws Throwable {
        if (!method.isAccessible()) {
            method.trySetAccessible();
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final ClassValue<Constructor<?>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
            Object sample = Proxy.newProxyInstance(Reflect.class.getClassLoader(), new Class<?>[] {type},
                    (p, m, a) -> null);
            try {
                Constructor<?> constructor = sample.getClass().getConstructor(InvocationHandler.class);
                constructor.trySetAccessible(); // skips the access check of each newInstance when allowed
                return constructor;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a proxy class without its InvocationHandler constructor", e);
            }
        }
    };

    /** A proxy of one JDBC interface, made by this library's class loader (its constructor is cached). */
    static <T> T proxy(Class<T> type, InvocationHandler handler) {
        try {
            return type.cast(CONSTRUCTORS.get(type).newInstance(handler));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not create a " + type.getSimpleName() + " proxy", e);
        }
    }
}
