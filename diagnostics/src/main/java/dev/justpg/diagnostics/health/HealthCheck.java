package dev.justpg.diagnostics.health;

import dev.justpg.core.Database;
import dev.justpg.diagnostics.health.internal.Runner;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call that says what in a database needs attention: the schema (invalid, duplicate, unused
 * indexes, foreign keys without an index, sequences near their end...) and the running server
 * (dead tuples, wraparound, long and blocked queries, replication, slow statements, settings).
 *
 * <pre>{@code
 * HealthReport report = HealthCheck.builder(db).build().run();
 * report.findings().forEach(f -> System.out.println(f.severity() + " " + f.object() + ": " + f.explanation()));
 * Files.writeString(Path.of("health.html"), report.toHtml());
 * }</pre>
 *
 * <p>A run borrows one connection and reads each family of statistics with one statement inside a
 * read-only transaction, with a local {@code statement_timeout} ({@link #DEFAULT_STATEMENT_TIMEOUT}),
 * so the number of round trips does not grow with the number of tables and no check can hang the
 * application. It needs no superuser: a role with {@code pg_monitor} sees everything but the
 * column statistics and sequence values of tables it may not read; what a run could not see is in
 * {@link HealthReport#skipped()}.
 *
 * <p>Immutable and thread-safe; {@link #run()} may be called from many threads.
 */
public final class HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);

    /** Statement timeout of each statement of a run: 10 seconds (the biggest catalogs read in well under one). */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    /** How many statements the report lists by total and by mean time: 10. */
    public static final int DEFAULT_TOP_STATEMENTS = 10;
    /** How many tables the size overview lists, largest first: 20. */
    public static final int DEFAULT_SIZE_OVERVIEW = 20;

    private final Database db;
    private final Set<CheckId> checks;
    private final HealthThresholds thresholds;
    private final Duration statementTimeout;
    private final long machineMemory;
    private final int topStatements;
    private final int sizeOverview;

    private HealthCheck(Builder b) {
        this.db = b.db;
        this.checks = Set.copyOf(b.checks);
        this.thresholds = b.thresholds;
        this.statementTimeout = b.statementTimeout;
        this.machineMemory = b.machineMemory;
        this.topStatements = b.topStatements;
        this.sizeOverview = b.sizeOverview;
    }

    /**
     * A builder running every check with the default thresholds.
     *
     * @param db the database
     * @return the builder
     */
    public static Builder builder(Database db) {
        return new Builder(Objects.requireNonNull(db, "db must not be null"));
    }

    /**
     * A builder over a plain data source.
     *
     * @param dataSource where the connection comes from
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return builder(Database.builder(Objects.requireNonNull(dataSource, "dataSource must not be null"))
                .quiet().build());
    }

    /**
     * Runs the checks once.
     *
     * @return the report
     * @throws HealthCheckException when no connection can be had or the first statement fails; a
     *     single check failing is reported in {@link HealthReport#skipped()} instead
     */
    public HealthReport run() {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Runner runner = new Runner(EnumSet.copyOf(checks), thresholds, statementTimeout, machineMemory, topStatements);
        Runner.Result r = db.withConnection(c -> {
            try {
                return runner.run(c, sizeOverview > 0);
            } catch (SQLException e) {
                throw new HealthCheckException("the health check could not run (SQLSTATE " + e.getSQLState() + "): "
                        + e.getMessage() + "; check that the role may connect and read pg_catalog", e);
            }
        });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        return HealthReport.from(r, checks, sizeOverview, topStatements, started, elapsed);
    }

    /**
     * The checks this instance runs.
     *
     * @return the checks
     */
    public Set<CheckId> checks() {
        return checks;
    }

    /**
     * The thresholds.
     *
     * @return the thresholds
     */
    public HealthThresholds thresholds() {
        return thresholds;
    }

    /** Configures a {@link HealthCheck}. */
    public static final class Builder {

        private final Database db;
        private final EnumSet<CheckId> checks = EnumSet.allOf(CheckId.class);
        private HealthThresholds thresholds = HealthThresholds.DEFAULTS;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private long machineMemory;
        private int topStatements = DEFAULT_TOP_STATEMENTS;
        private int sizeOverview = DEFAULT_SIZE_OVERVIEW;

        private Builder(Database db) {
            this.db = db;
        }

        /**
         * Runs only these checks (default: all).
         *
         * @param only the checks
         * @return this builder
         */
        public Builder checks(CheckId... only) {
            return checks(java.util.Arrays.asList(only));
        }

        /**
         * Runs only these checks (default: all).
         *
         * @param only the checks, at least one
         * @return this builder
         */
        public Builder checks(Collection<CheckId> only) {
            Objects.requireNonNull(only, "checks must not be null");
            if (only.isEmpty()) {
                throw new IllegalArgumentException("checks must name at least one check");
            }
            checks.clear();
            checks.addAll(only);
            return this;
        }

        /**
         * Runs only the checks of one kind (for example {@link CheckId.Kind#SCHEMA} in a test after migrations).
         *
         * @param kind the kind
         * @return this builder
         */
        public Builder kind(CheckId.Kind kind) {
            Objects.requireNonNull(kind, "kind must not be null");
            checks.clear();
            for (CheckId c : CheckId.values()) {
                if (c.kind() == kind) {
                    checks.add(c);
                }
            }
            return this;
        }

        /**
         * Leaves checks out.
         *
         * @param skip the checks not to run
         * @return this builder
         */
        public Builder without(CheckId... skip) {
            for (CheckId c : skip) {
                checks.remove(c);
            }
            return this;
        }

        /**
         * The thresholds (default {@link HealthThresholds#DEFAULTS}).
         *
         * @param value the thresholds
         * @return this builder
         */
        public Builder thresholds(HealthThresholds value) {
            this.thresholds = Objects.requireNonNull(value, "thresholds must not be null");
            return this;
        }

        /**
         * The timeout of each statement (default {@link #DEFAULT_STATEMENT_TIMEOUT}); a family that
         * times out is reported as skipped. The lock timeout is half of it.
         *
         * @param value a positive duration of at least 1 ms
         * @return this builder
         */
        public Builder statementTimeout(Duration value) {
            this.statementTimeout = value;
            return this;
        }

        /**
         * The machine's memory, so the configuration check can judge memory settings (default 0:
         * unknown; the server cannot tell without superuser-only functions).
         *
         * @param bytes the memory in bytes, 0 for unknown
         * @return this builder
         */
        public Builder machineMemory(long bytes) {
            this.machineMemory = bytes;
            return this;
        }

        /**
         * How many statements the report lists (default {@link #DEFAULT_TOP_STATEMENTS}).
         *
         * @param value 0 to 1,000
         * @return this builder
         */
        public Builder topStatements(int value) {
            this.topStatements = value;
            return this;
        }

        /**
         * How many tables the size overview lists (default {@link #DEFAULT_SIZE_OVERVIEW}; 0 for none).
         *
         * @param value 0 to 100,000
         * @return this builder
         */
        public Builder sizeOverview(int value) {
            this.sizeOverview = value;
            return this;
        }

        /**
         * Validates and builds; logs the effective settings once at INFO.
         *
         * @return the health check
         * @throws IllegalArgumentException naming the bad setting
         */
        public HealthCheck build() {
            if (statementTimeout == null || statementTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("statementTimeout must be at least 1 ms, was " + statementTimeout);
            }
            if (machineMemory < 0) {
                throw new IllegalArgumentException("machineMemory must be 0 (unknown) or more, was " + machineMemory);
            }
            if (topStatements < 0 || topStatements > 1000) {
                throw new IllegalArgumentException("topStatements must be 0 to 1000, was " + topStatements);
            }
            if (sizeOverview < 0 || sizeOverview > 100_000) {
                throw new IllegalArgumentException("sizeOverview must be 0 to 100000, was " + sizeOverview);
            }
            if (checks.isEmpty()) {
                throw new IllegalArgumentException("checks must name at least one check (without() removed them all)");
            }
            HealthCheck h = new HealthCheck(this);
            LOG.info("health check: {} checks, statementTimeout={}, machineMemory={}, topStatements={}, sizeOverview={}, {}",
                    checks.size(), statementTimeout, machineMemory, topStatements, sizeOverview, thresholds);
            return h;
        }
    }
}
