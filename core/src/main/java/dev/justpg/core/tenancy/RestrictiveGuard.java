package dev.justpg.core.tenancy;

import dev.justpg.core.Identifier;
import java.util.Objects;

/**
 * An extra {@code AS RESTRICTIVE} policy on a tenant table: rows must pass it in addition to the
 * tenant policy (restrictive policies are AND-ed, permissive ones OR-ed). For example, hide
 * soft-deleted rows: {@code RestrictiveGuard.of("not_deleted", "deleted_at is null")}.
 *
 * @param name the policy name
 * @param expression the SQL boolean expression used for {@code USING} and {@code WITH CHECK};
 *     written by the developer, never built from user input
 */
public record RestrictiveGuard(String name, String expression) {

    /**
     * Validates the guard.
     *
     * @param name the policy name
     * @param expression the boolean SQL expression
     * @throws IllegalArgumentException when the name is not a valid identifier or the expression is blank
     */
    public RestrictiveGuard {
        Identifier.of(Objects.requireNonNull(name, "guard name must not be null"));
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("guard '" + name + "' needs a boolean SQL expression");
        }
    }

    /**
     * A guard.
     *
     * @param name the policy name
     * @param expression the boolean SQL expression
     * @return the guard
     */
    public static RestrictiveGuard of(String name, String expression) {
        return new RestrictiveGuard(name, expression);
    }
}
