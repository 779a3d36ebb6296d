package dev.justpg.diagnostics;

import dev.justpg.core.Database;
import dev.justpg.core.JustPgException;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.diagnostics.internal.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code EXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON)} for a statement and parses the
 * result. The statement runs inside a transaction that is always rolled back, with a statement
 * timeout, so explaining an {@code UPDATE} or {@code DELETE} changes nothing.
 *
 * <pre>{@code
 * Explainer explainer = Explainer.builder(dataSource).build();
 * Plan plan = explainer.explain("select * from users where email = ?", "ada@example.com");
 * List<Finding> findings = PlanAdvisor.defaults().findings(plan);
 * }</pre>
 *
 * <p>Values are bind parameters, as everywhere in justpg. What a rollback cannot undo is not
 * undone: sequences advanced by {@code nextval}, and effects outside the database of functions
 * the statement calls. Immutable and thread-safe; each call borrows one connection.
 */
public final class Explainer {

    /** Default {@link Builder#statementTimeout(Duration)}: 30 seconds. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link Builder#analyze(boolean)}: run the statement. */
    public static final boolean DEFAULT_ANALYZE = true;
    /** Default {@link Builder#buffers(boolean)}: report buffers. */
    public static final boolean DEFAULT_BUFFERS = true;
    /** Default {@link Builder#verbose(boolean)}: no VERBOSE. */
    public static final boolean DEFAULT_VERBOSE = false;
    /** Default {@link Builder#wal(boolean)}: no WAL figures. */
    public static final boolean DEFAULT_WAL = false;

    private static final Logger LOG = LoggerFactory.getLogger(Explainer.class);

    private final Database db;
    private final Duration statementTimeout;
    private final boolean analyze;
    private final boolean buffers;
    private final boolean verbose;
    private final boolean wal;

    private Explainer(Builder b) {
        this.db = b.db;
        this.statementTimeout = b.statementTimeout;
        this.analyze = b.analyze;
        this.buffers = b.buffers;
        this.verbose = b.verbose;
        this.wal = b.wal;
    }

    /**
     * A builder for an explainer on this data source.
     *
     * @param dataSource where connections come from
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        // Built for the explainer's own use: its configuration is logged at DEBUG, not INFO.
        return new Builder(Database.builder(Objects.requireNonNull(dataSource, "dataSource must not be null"))
                .quiet().build());
    }

    /**
     * A builder for an explainer on this database.
     *
     * @param database the database
     * @return the builder
     */
    public static Builder builder(Database database) {
        return new Builder(Objects.requireNonNull(database, "database must not be null"));
    }

    /**
     * The EXPLAIN command put in front of the statement.
     *
     * @return for example {@code EXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON)}
     */
    public String explainCommand() {
        List<String> options = new ArrayList<>();
        if (analyze) {
            options.add("ANALYZE");
        }
        if (buffers) {
            options.add("BUFFERS");
        } else if (analyze) {
            // PostgreSQL 18 reports buffers with ANALYZE unless told not to
            options.add("BUFFERS OFF");
        }
        if (verbose) {
            options.add("VERBOSE");
        }
        if (wal && analyze) {
            options.add("WAL");
        }
        options.add("SETTINGS");
        options.add("FORMAT JSON");
        return "EXPLAIN (" + String.join(", ", options) + ")";
    }

    /**
     * Explains a statement; with ANALYZE it runs, inside a transaction that is rolled back.
     *
     * @param sql the statement (SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES...), with {@code ?}
     *     for each value and without EXPLAIN
     * @param params the values, bound in order
     * @return the plan
     * @throws IllegalArgumentException when sql is empty, holds several statements or starts with EXPLAIN
     * @throws JustPgException when the statement fails or exceeds the statement timeout (SQLSTATE 57014)
     */
    public Plan explain(String sql, Object... params) {
        String statement = SqlText.single(sql);
        Objects.requireNonNull(params, "params must not be null (pass none for a statement without parameters)");
        String command = explainCommand() + " " + statement;
        String json = db.withConnection(c -> run(c, command, params));
        return PlanParser.defaults().parse(json);
    }

    private String run(Connection c, String command, Object[] params) {
        boolean autoCommit = true;
        try {
            autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            }
            try (PreparedStatement ps = c.prepareStatement(command)) {
                Jdbc.bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    StringBuilder out = new StringBuilder();
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                    return out.toString();
                }
            }
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) {
                throw new JustPgException("the explained statement ran longer than the statement timeout ("
                        + statementTimeout + ") and was cancelled (SQLSTATE 57014); raise statementTimeout or explain"
                        + " without ANALYZE", e);
            }
            throw Jdbc.failure(command, e);
        } finally {
            try {
                c.rollback();
                c.setAutoCommit(autoCommit);
            } catch (SQLException e) {
                LOG.warn("rolling back the explained statement failed; closing the connection", e);
            }
        }
    }

    /** Builds an {@link Explainer}. */
    public static final class Builder {
        private final Database db;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private boolean analyze = DEFAULT_ANALYZE;
        private boolean buffers = DEFAULT_BUFFERS;
        private boolean verbose = DEFAULT_VERBOSE;
        private boolean wal = DEFAULT_WAL;

        private Builder(Database db) {
            this.db = db;
        }

        /**
         * The longest the explained statement may run (default {@link #DEFAULT_STATEMENT_TIMEOUT}).
         *
         * @param timeout at least 1 ms
         * @return this builder
         */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = timeout;
            return this;
        }

        /**
         * Whether to run the statement and measure it (default {@link #DEFAULT_ANALYZE}); without
         * ANALYZE the plan has estimates only.
         *
         * @param analyze true to run it
         * @return this builder
         */
        public Builder analyze(boolean analyze) {
            this.analyze = analyze;
            return this;
        }

        /**
         * Whether to report buffer usage (default {@link #DEFAULT_BUFFERS}); false asks for
         * {@code BUFFERS OFF}, which PostgreSQL 18 needs to leave them out of ANALYZE output.
         *
         * @param buffers true for BUFFERS
         * @return this builder
         */
        public Builder buffers(boolean buffers) {
            this.buffers = buffers;
            return this;
        }

        /**
         * Whether to ask for VERBOSE output: schemas, output columns, per-worker figures (default
         * {@link #DEFAULT_VERBOSE}).
         *
         * @param verbose true for VERBOSE
         * @return this builder
         */
        public Builder verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        /**
         * Whether to report WAL generated, with ANALYZE (default {@link #DEFAULT_WAL}).
         *
         * @param wal true for WAL
         * @return this builder
         */
        public Builder wal(boolean wal) {
            this.wal = wal;
            return this;
        }

        /**
         * Builds the explainer. Connects to nothing yet.
         *
         * @return the explainer
         * @throws IllegalArgumentException when the statement timeout is null or under 1 ms
         */
        public Explainer build() {
            if (statementTimeout == null || statementTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("statementTimeout must be at least 1 ms, was " + statementTimeout);
            }
            if (statementTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("statementTimeout must be at most " + Integer.MAX_VALUE
                        + " ms, was " + statementTimeout);
            }
            Explainer e = new Explainer(this);
            LOG.info("justpg Explainer: {} with statementTimeout={}, always rolled back", e.explainCommand(),
                    statementTimeout);
            return e;
        }
    }
}
