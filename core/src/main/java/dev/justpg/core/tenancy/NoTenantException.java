package dev.justpg.core.tenancy;

/**
 * A statement needed a tenant and none was in scope. Thrown by justpg before the statement is
 * sent, so nothing ran. Catch it to answer "unauthenticated" or "pick a tenant" to the caller.
 */
public final class NoTenantException extends TenancyException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted and how to put a tenant in scope
     */
    public NoTenantException(String message) {
        super(message);
    }
}
