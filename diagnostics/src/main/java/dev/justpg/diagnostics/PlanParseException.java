package dev.justpg.diagnostics;

import dev.justpg.core.JustPgException;

/**
 * The text given to {@link PlanParser} is not a plan it can read. {@link #line()} and
 * {@link #column()} point at the problem in the original input.
 */
public class PlanParseException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /** The 1-based line of the problem. */
    private final int line;
    /** The 1-based column of the problem. */
    private final int column;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     * @param line 1-based line of the input
     * @param column 1-based column of the input
     * @param cause the underlying failure, or null
     */
    public PlanParseException(String message, int line, int column, Throwable cause) {
        super("line " + line + ", column " + column + ": " + message
                + (message != null && message.contains("EXPLAIN") ? ""
                        : " (pass the complete output of EXPLAIN, in TEXT, JSON, YAML or XML format)"), cause);
        this.line = line;
        this.column = column;
    }

    /**
     * Where the problem is.
     *
     * @return the 1-based line of the input
     */
    public int line() {
        return line;
    }

    /**
     * Where the problem is.
     *
     * @return the 1-based column of the input
     */
    public int column() {
        return column;
    }
}
