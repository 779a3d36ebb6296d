package dev.justpg.core.tenancy;

import dev.justpg.core.JustPgException;

/**
 * Tenant isolation could not be guaranteed, so justpg refused before running SQL: a transaction
 * in autocommit mode while a tenant is in scope, an application role that bypasses row-level
 * security, or policy DDL that could not be applied. The message says what to change.
 */
public class TenancyException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public TenancyException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened and what to do
     * @param cause the underlying failure
     */
    public TenancyException(String message, Throwable cause) {
        super(message, cause);
    }
}
