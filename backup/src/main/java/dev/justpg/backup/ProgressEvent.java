package dev.justpg.backup;

import java.time.Instant;
import java.util.Objects;

/**
 * One step reported by a client tool's verbose output, for example
 * {@code pg_dump: dumping contents of table "public.orders"}.
 *
 * @param tool the tool ({@code pg_dump}, {@code pg_restore}, {@code psql}, {@code pg_dumpall}) or {@code justpg}
 * @param phase what it is doing
 * @param object the object it names (such as {@code public.orders}), or an empty string
 * @param line the tool's line as printed
 * @param at when the line was read
 */
public record ProgressEvent(String tool, Phase phase, String object, String line, Instant at) {

    /** What a progress line says. */
    public enum Phase {
        /** Reading the catalog, locking tables, starting. */
        PREPARING,
        /** Creating or dumping a schema object (table, index, function...). */
        SCHEMA,
        /** Copying the rows of one table. */
        DATA,
        /** Building indexes, constraints, triggers after the data. */
        POST_DATA,
        /** justpg's own steps: checksums, manifest, verification queries. */
        LIBRARY,
        /** A warning from the tool. */
        WARNING,
        /** Anything else the tool printed. */
        OTHER
    }

    /**
     * Checks the components.
     *
     * @param tool see the record description
     * @param phase see the record description
     * @param object see the record description
     * @param line see the record description
     * @param at see the record description
     */
    public ProgressEvent {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(at, "at");
    }
}
