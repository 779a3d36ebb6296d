package dev.justpg.diagnostics;

/** How much a {@link Finding} matters for the statement's speed. */
public enum Severity {
    /** Worth knowing; small share of the time. */
    INFO,
    /** Costs a noticeable share of the time. */
    WARNING,
    /** Where most of the time goes: fix this first. */
    CRITICAL;

    /**
     * The more severe of two.
     *
     * @param a one
     * @param b the other
     * @return the more severe
     */
    public static Severity maxOf(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
