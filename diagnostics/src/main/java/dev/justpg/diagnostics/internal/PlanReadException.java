package dev.justpg.diagnostics.internal;

/** A parse failure at a position of the input; the public parser turns it into its exception. */
public final class PlanReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /**
     * Creates the failure.
     *
     * @param message what is wrong
     * @param line 1-based line of the original input
     * @param column 1-based column of the original input
     * @param cause the underlying failure, or null
     */
    public PlanReadException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /**
     * The line.
     *
     * @return 1-based line
     */
    public int line() {
        return line;
    }

    /**
     * The column.
     *
     * @return 1-based column
     */
    public int column() {
        return column;
    }
}
