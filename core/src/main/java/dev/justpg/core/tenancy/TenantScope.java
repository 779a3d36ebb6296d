package dev.justpg.core.tenancy;

import java.util.Objects;

/**
 * A tenant put in scope on the current thread by {@link Tenancy#enter(TenantContext)}, until
 * {@link #close()}. Every transaction that starts on this thread through
 * {@link Tenancy#dataSource()} while the scope is open is bound to its tenant.
 *
 * <pre>{@code
 * try (TenantScope scope = tenancy.enter(TenantContext.of(tenantId))) {
 *     chain.doFilter(request, response);   // Spring @Transactional, jOOQ, JDBC...
 * }
 * }</pre>
 *
 * <p>Scopes nest: closing one restores the scope that was open before it, and closing the
 * outermost one leaves nothing behind on the thread (no thread-local leak in thread pools).
 * A scope belongs to the thread that opened it; it does not follow work handed to other threads.
 */
public final class TenantScope implements AutoCloseable {

    private final ThreadLocal<TenantScope> holder;
    private final TenantScope previous;
    private final TenantContext context;
    private final Thread owner;
    private boolean closed;

    TenantScope(ThreadLocal<TenantScope> holder, TenantContext context) {
        this.holder = holder;
        this.context = Objects.requireNonNull(context, "context must not be null");
        this.previous = holder.get();
        this.owner = Thread.currentThread();
        holder.set(this);
    }

    /**
     * The tenant this scope binds.
     *
     * @return the context
     */
    public TenantContext context() {
        return context;
    }

    /**
     * Ends the scope and restores the one that was open before it (or none). Idempotent.
     *
     * @throws IllegalStateException when called from another thread, or when an inner scope was
     *     left open (the thread is cleaned up to this scope's parent anyway)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a TenantScope must be closed by the thread that opened it ("
                    + owner.getName() + "), not " + Thread.currentThread().getName());
        }
        closed = true;
        TenantScope top = holder.get();
        boolean inChain = false;
        for (TenantScope s = top; s != null; s = s.previous) {
            inChain |= s == this;
        }
        if (!inChain) {
            return; // an enclosing scope was closed first and already cleaned the thread up
        }
        TenantScope restore = previous;
        while (restore != null && restore.closed) {
            restore = restore.previous;
        }
        if (restore == null) {
            holder.remove();
        } else {
            holder.set(restore);
        }
        if (top != this) {
            throw new IllegalStateException("a TenantScope was closed while a scope opened inside it was still open;"
                    + " close scopes in reverse order (use try-with-resources)");
        }
    }

    /**
     * The scope's tenant.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "TenantScope[" + context + (closed ? ", closed" : "") + "]";
    }
}
