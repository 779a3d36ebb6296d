package dev.justpg.diagnostics;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Time spent in one trigger during {@code EXPLAIN ANALYZE}; foreign-key checks show up as
 * triggers of their constraint.
 *
 * @param name the trigger name (TEXT output leaves it out for constraint triggers unless VERBOSE)
 * @param constraintName the constraint, for foreign-key and other constraint triggers
 * @param relation the table the trigger is on
 * @param timeMs total time in all calls, empty when timing was off
 * @param calls number of calls
 */
public record TriggerStats(Optional<String> name, Optional<String> constraintName, Optional<String> relation,
        OptionalDouble timeMs, long calls) {

    /**
     * Creates trigger statistics.
     *
     * @param name the trigger name
     * @param constraintName the constraint name
     * @param relation the table
     * @param timeMs the time
     * @param calls the calls
     * @return the statistics
     */
    public static TriggerStats of(Optional<String> name, Optional<String> constraintName, Optional<String> relation,
            OptionalDouble timeMs, long calls) {
        return new TriggerStats(name, constraintName, relation, timeMs, calls);
    }

    /**
     * Whether this is a foreign-key check ({@code RI_ConstraintTrigger_*} or a constraint trigger).
     *
     * @return true for referential-integrity triggers
     */
    public boolean isForeignKeyCheck() {
        return constraintName.isPresent() || name.map(n -> n.startsWith("RI_ConstraintTrigger")).orElse(false);
    }
}
