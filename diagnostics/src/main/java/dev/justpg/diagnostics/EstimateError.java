package dev.justpg.diagnostics;

/**
 * How far the planner's row estimate was from the rows a node actually produced, per loop.
 *
 * @param planRows rows the planner expected per loop
 * @param actualRows rows measured per loop
 * @param factor how many times off, at least 1 (both figures count as at least one row)
 * @param direction whether the planner expected too few or too many rows
 */
public record EstimateError(double planRows, double actualRows, double factor, Direction direction) {

    /** Which way an estimate was off. */
    public enum Direction {
        /** The planner expected fewer rows than there were. */
        UNDER,
        /** The planner expected more rows than there were. */
        OVER,
        /** The estimate was right (within rounding). */
        EXACT
    }

    /**
     * Compares an estimate with the measured rows.
     *
     * @param planRows rows expected per loop
     * @param actualRows rows measured per loop
     * @return the error
     */
    public static EstimateError of(double planRows, double actualRows) {
        double p = Math.max(1, planRows);
        double a = Math.max(1, actualRows);
        if (a > p) {
            return new EstimateError(planRows, actualRows, a / p, Direction.UNDER);
        }
        if (p > a) {
            return new EstimateError(planRows, actualRows, p / a, Direction.OVER);
        }
        return new EstimateError(planRows, actualRows, 1, Direction.EXACT);
    }
}
