package dev.justpg.core;

/**
 * How much a finding matters, shared by every justpg module that reports findings (the tenancy
 * audit, EXPLAIN findings, health checks). Declared from least to most severe, so the natural
 * order ({@link #compareTo}) ranks {@link #CRITICAL} highest; reports list findings worst first.
 */
public enum Severity {
    /** Worth knowing; often deliberate, nothing to fix. */
    INFO,
    /** A small cost or risk; fix when convenient. */
    LOW,
    /** A noticeable cost or a weakness that leaks information; plan a fix. */
    MEDIUM,
    /** A serious risk or a large cost; fix before going live. */
    HIGH,
    /** Broken or dangerous right now (data visible to the wrong tenant, most of a query's time); fix first. */
    CRITICAL;

    /**
     * Whether this severity is at least {@code other}.
     *
     * @param other the level to compare with
     * @return {@code true} when this is as severe as {@code other} or more
     */
    public boolean isAtLeast(Severity other) {
        return compareTo(other) >= 0;
    }

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
