package dev.justpg.search;

import dev.justpg.core.Database;
import dev.justpg.search.internal.Statements;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DDL that brings a table up to its {@link SearchIndex} definition: only the steps still
 * needed, so applying a plan twice does nothing the second time. {@link #toString()} is the
 * script with each step's purpose and lock as comments (the dry run).
 *
 * <p>Locks: adding the stored generated column rewrites the table under an ACCESS EXCLUSIVE lock
 * (reads and writes wait for the whole rewrite, about as long as a full-table UPDATE). Index
 * builds take a SHARE lock (reads go on, writes wait) unless the plan was made with
 * {@code concurrently = true}: then {@code CREATE INDEX CONCURRENTLY} lets reads and writes go on,
 * runs outside a transaction, and an interrupted build leaves an INVALID index that the next plan
 * drops and rebuilds.
 */
public final class DdlPlan {

    private static final Logger LOG = LoggerFactory.getLogger(DdlPlan.class);

    private final Database primary;
    private final List<DdlStep> steps;

    DdlPlan(Database primary, List<DdlStep> steps) {
        this.primary = primary;
        this.steps = List.copyOf(steps);
    }

    /**
     * The steps, in order.
     *
     * @return the steps
     */
    public List<DdlStep> steps() {
        return steps;
    }

    /**
     * Whether the table is already up to date.
     *
     * @return true when there is nothing to do
     */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * Runs every step on the primary, each in its own autocommit statement, in order. Stops at
     * the first failure; what ran stays (every step is idempotent, so planning again and
     * applying resumes).
     *
     * @throws SearchException when a step fails (the message names it)
     */
    public void apply() {
        for (DdlStep step : steps) {
            long start = System.nanoTime();
            try {
                primary.withConnection(c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute(step.sql());
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw Statements.fail("DDL step '" + step.sql() + "' (" + step.why() + ")", e);
            }
            LOG.info("search DDL done in {} ms: {}", (System.nanoTime() - start) / 1_000_000, step.sql());
        }
    }

    /**
     * The script, each statement preceded by its purpose and lock.
     *
     * @return the SQL script, or a comment saying there is nothing to do
     */
    @Override
    public String toString() {
        if (steps.isEmpty()) {
            return "-- nothing to do: the search columns and indexes are in place\n";
        }
        StringBuilder b = new StringBuilder();
        for (DdlStep s : steps) {
            b.append("-- ").append(s.why()).append('\n').append("-- lock: ").append(s.lock()).append('\n');
            if (!s.transactional()) {
                b.append("-- runs outside a transaction block\n");
            }
            b.append(s.sql()).append(";\n");
        }
        return b.toString();
    }
}
