package dev.justpg.core.tenancy;

import dev.justpg.core.Identifier;
import java.util.List;
import java.util.Objects;

/**
 * The DDL that makes one table tenant-safe, computed from the catalogs but not yet run: show it
 * (a dry run), then {@link TenantPolicies#apply(PolicyPlan)} it. Empty when the table is
 * already set up exactly so. Every statement is idempotent on its own.
 *
 * @param table the table
 * @param statements the DDL statements, in order, without trailing semicolons
 */
public record PolicyPlan(Identifier table, List<String> statements) {

    /**
     * Copies the statements.
     *
     * @param table the table
     * @param statements the DDL statements, in order
     * @throws NullPointerException when an argument is null
     */
    public PolicyPlan {
        Objects.requireNonNull(table, "table must not be null");
        statements = List.copyOf(statements);
    }

    /**
     * A plan.
     *
     * @param table the table
     * @param statements the statements
     * @return the plan
     */
    public static PolicyPlan of(Identifier table, List<String> statements) {
        return new PolicyPlan(table, statements);
    }

    /**
     * Whether there is nothing to do.
     *
     * @return {@code true} when the table is already set up
     */
    public boolean isEmpty() {
        return statements.isEmpty();
    }

    /**
     * The script: each statement on its own line(s), ending with {@code ;}.
     *
     * @return the SQL text, or a comment saying there is nothing to do
     */
    public String sql() {
        if (statements.isEmpty()) {
            return "-- " + table + " is already tenant-safe: nothing to do";
        }
        return String.join(";\n", statements) + ";";
    }

    /**
     * The script.
     *
     * @return {@link #sql()}
     */
    @Override
    public String toString() {
        return sql();
    }
}
