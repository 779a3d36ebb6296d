package dev.justpg.search;

import dev.justpg.core.JustPgException;

/** A search, DDL or vocabulary operation failed in the database. The SQLSTATE is in {@link #sqlState()}. */
public class SearchException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception.
     *
     * @param message what happened and what to do
     */
    public SearchException(String message) {
        super(message);
    }

    /**
     * An exception with its cause.
     *
     * @param message what happened and what to do
     * @param cause the cause, usually a {@link java.sql.SQLException}
     */
    public SearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
