package dev.justpg.search;

import java.util.Objects;

/**
 * One DDL statement of a {@link DdlPlan}, with the lock it takes.
 *
 * @param sql the statement
 * @param why what it is for
 * @param lock the lock it takes and what that blocks, in plain words
 * @param transactional false for statements that cannot run inside a transaction block
 *                      ({@code CREATE INDEX CONCURRENTLY})
 */
public record DdlStep(String sql, String why, String lock, boolean transactional) {

    /**
     * Validates.
     *
     * @param sql the statement
     * @param why the purpose
     * @param lock the lock
     * @param transactional whether it may run in a transaction
     */
    public DdlStep {
        Objects.requireNonNull(sql, "sql must not be null");
        Objects.requireNonNull(why, "why must not be null");
        Objects.requireNonNull(lock, "lock must not be null");
    }
}
