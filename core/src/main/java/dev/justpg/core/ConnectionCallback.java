package dev.justpg.core;

import java.sql.Connection;

/**
 * Work on a connection in autocommit mode (no transaction, no retry), for statements that cannot
 * run in a transaction ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}) or for session work.
 *
 * @param <R> the result type
 * @param <X> the checked exception the work may throw
 */
@FunctionalInterface
public interface ConnectionCallback<R, X extends Exception> {

    /**
     * Runs the work. The connection is closed (returned to its pool) afterwards.
     *
     * @param connection a connection in autocommit mode
     * @return the result
     * @throws X when the work fails
     */
    R run(Connection connection) throws X;
}
