package dev.justpg.diagnostics;

/** The output formats of PostgreSQL's {@code EXPLAIN}; all of them parse into the same {@link Plan}. */
public enum PlanFormat {
    /** {@code FORMAT TEXT}, the default, as psql, pgAdmin or a log prints it. */
    TEXT,
    /** {@code FORMAT JSON}. */
    JSON,
    /** {@code FORMAT YAML}. */
    YAML,
    /** {@code FORMAT XML}. */
    XML
}
