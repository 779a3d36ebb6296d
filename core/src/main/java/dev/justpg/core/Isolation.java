package dev.justpg.core;

/** Transaction isolation levels, as PostgreSQL implements them. */
public enum Isolation {
    /** Whatever the server or role default is ({@code default_transaction_isolation}); nothing is sent. */
    SERVER_DEFAULT(null),
    /** {@code READ COMMITTED}: PostgreSQL's usual default. */
    READ_COMMITTED("READ COMMITTED"),
    /** {@code REPEATABLE READ}: a snapshot for the whole transaction; may fail with 40001. */
    REPEATABLE_READ("REPEATABLE READ"),
    /** {@code SERIALIZABLE}: serializable snapshot isolation; may fail with 40001. */
    SERIALIZABLE("SERIALIZABLE");

    private final String sql;

    Isolation(String sql) {
        this.sql = sql;
    }

    /**
     * The SQL keywords for {@code SET TRANSACTION ISOLATION LEVEL}.
     *
     * @return the keywords, or {@code null} for {@link #SERVER_DEFAULT}
     */
    public String sql() {
        return sql;
    }
}
