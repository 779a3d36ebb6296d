package dev.justpg.diagnostics.internal;

/** The nesting limits shared by the four readers and the JSON writer. */
public final class PlanLimits {

    /** Most node levels in a plan (the root is level 1); deeper plans are refused by every reader. */
    public static final int MAX_DEPTH = 500;

    /** Most nesting levels of a property value (lists and objects inside a node's property). */
    public static final int MAX_VALUE_DEPTH = 64;

    /**
     * Most nesting levels of a whole JSON or YAML document: the query list and object, two levels
     * per plan node (the node and its {@code Plans} list), a worker list and a value.
     */
    public static final int MAX_DOCUMENT_NESTING = 2 * MAX_DEPTH + MAX_VALUE_DEPTH + 16;

    private PlanLimits() {
    }

    /**
     * The message for a plan deeper than {@link #MAX_DEPTH}.
     *
     * @return the message
     */
    public static String tooDeep() {
        return "the plan is nested deeper than " + MAX_DEPTH + " levels, the most PlanParser reads";
    }
}
