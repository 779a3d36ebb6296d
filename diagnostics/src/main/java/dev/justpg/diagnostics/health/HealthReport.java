package dev.justpg.diagnostics.health;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.internal.HtmlWriter;
import dev.justpg.diagnostics.health.internal.JsonWriter;
import dev.justpg.diagnostics.health.internal.Rows;
import dev.justpg.diagnostics.health.internal.Runner;
import dev.justpg.diagnostics.health.internal.TextWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The result of one {@link HealthCheck#run()}: findings worst first, the checks that were skipped
 * or ran in part, a size overview, the top statements, and how the run went (round trips, time).
 * Renders as plain text, JSON (schema {@value #JSON_SCHEMA}, documented in docs/health.md) and a
 * self-contained HTML page.
 *
 * <p>Immutable.
 */
public final class HealthReport {

    /** The JSON report's schema id; it changes only when a field is removed or changes meaning. */
    public static final String JSON_SCHEMA = "justpg.health/1";

    private final String database;
    private final String serverVersion;
    private final String user;
    private final Instant generatedAt;
    private final Duration elapsed;
    private final int roundTrips;
    private final Set<CheckId> checks;
    private final List<HealthFinding> findings;
    private final List<SkippedCheck> skipped;
    private final List<TableSize> tableSizes;
    private final List<StatementStat> topStatements;
    private final List<StatementStat> slowestStatements;
    private final java.util.Optional<Duration> statementStatsAge;

    private HealthReport(String database, String serverVersion, String user, Instant generatedAt, Duration elapsed,
            int roundTrips, Set<CheckId> checks, List<HealthFinding> findings, List<SkippedCheck> skipped,
            List<TableSize> tableSizes, List<StatementStat> topStatements, List<StatementStat> slowestStatements,
            java.util.Optional<Duration> statementStatsAge) {
        this.database = database;
        this.serverVersion = serverVersion;
        this.user = user;
        this.generatedAt = generatedAt;
        this.elapsed = elapsed;
        this.roundTrips = roundTrips;
        this.checks = checks;
        this.findings = findings;
        this.skipped = skipped;
        this.tableSizes = tableSizes;
        this.topStatements = topStatements;
        this.slowestStatements = slowestStatements;
        this.statementStatsAge = statementStatsAge;
    }

    static HealthReport from(Runner.Result r, Set<CheckId> checks, int sizeOverview, int top, Instant at,
            Duration elapsed) {
        List<HealthFinding> f = new ArrayList<>(r.collector().findings());
        f.sort(Comparator.comparing(HealthFinding::severity).reversed()
                .thenComparing(HealthFinding::check).thenComparing(HealthFinding::object));
        List<TableSize> sizes = new ArrayList<>();
        for (Rows.Table t : r.snapshot().tables()) {
            sizes.add(TableSize.of(t.qualified(), t.totalBytes(), t.tableBytes(), t.indexBytes(), t.toastBytes(),
                    (long) t.tuples()));
        }
        sizes.sort(Comparator.comparingLong(TableSize::totalBytes).reversed().thenComparing(TableSize::table));
        List<StatementStat> stmts = r.snapshot().statements().stream().limit(top).toList();
        List<StatementStat> slowest = r.snapshot().statements().stream()
                .sorted(Comparator.comparingDouble(StatementStat::meanMillis).reversed()).limit(top).toList();
        java.util.OptionalDouble age = r.snapshot().statementsAgeSeconds();
        String version = r.snapshot().setting("server_version");
        return new HealthReport(Objects.requireNonNullElse(r.snapshot().setting("justpg.database"), ""),
                Objects.requireNonNullElse(version, ""),
                Objects.requireNonNullElse(r.snapshot().setting("justpg.user"), ""), at, elapsed, r.roundTrips(),
                Set.copyOf(EnumSet.copyOf(checks)), List.copyOf(f), List.copyOf(r.collector().skipped()),
                List.copyOf(sizes.subList(0, Math.min(sizeOverview, sizes.size()))), stmts, slowest,
                age.isPresent() ? java.util.Optional.of(Duration.ofMillis((long) (age.getAsDouble() * 1000)))
                        : java.util.Optional.empty());
    }

    /**
     * All findings, most severe first.
     *
     * @return the findings
     */
    public List<HealthFinding> findings() {
        return findings;
    }

    /**
     * The findings of one check.
     *
     * @param check the check
     * @return its findings, most severe first
     */
    public List<HealthFinding> findings(CheckId check) {
        return findings.stream().filter(f -> f.check() == check).toList();
    }

    /**
     * The findings at or above a severity.
     *
     * @param min the lowest severity to keep
     * @return the findings, most severe first
     */
    public List<HealthFinding> findingsAtLeast(Severity min) {
        return findings.stream().filter(f -> f.severity().isAtLeast(min)).toList();
    }

    /**
     * The most severe finding's severity.
     *
     * @return the severity, or empty when there is no finding
     */
    public java.util.Optional<Severity> worst() {
        return findings.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(findings.get(0).severity());
    }

    /**
     * Checks that did not run, or saw only part of the database, and why.
     *
     * @return the skipped checks
     */
    public List<SkippedCheck> skipped() {
        return skipped;
    }

    /**
     * The largest tables, largest first (total, heap, index and TOAST bytes).
     *
     * @return the size overview
     */
    public List<TableSize> tableSizes() {
        return tableSizes;
    }

    /**
     * The statements with the most total time (from {@code pg_stat_statements}, when installed).
     *
     * @return the statements, most total time first
     */
    public List<StatementStat> topStatements() {
        return topStatements;
    }

    /**
     * The statements with the highest mean time (from {@code pg_stat_statements}, when installed).
     *
     * @return the statements, highest mean first
     */
    public List<StatementStat> slowestStatements() {
        return slowestStatements;
    }

    /**
     * How long {@code pg_stat_statements} has been collecting since its last reset (PostgreSQL 14
     * and later; empty before, or when the extension is not installed).
     *
     * @return the age
     */
    public java.util.Optional<Duration> statementStatsAge() {
        return statementStatsAge;
    }

    /**
     * The checks that were asked for.
     *
     * @return the checks
     */
    public Set<CheckId> checks() {
        return checks;
    }

    /**
     * The database checked.
     *
     * @return its name
     */
    public String database() {
        return database;
    }

    /**
     * The server's version.
     *
     * @return for example {@code 15.8}
     */
    public String serverVersion() {
        return serverVersion;
    }

    /**
     * The role the checks ran as.
     *
     * @return the role name
     */
    public String user() {
        return user;
    }

    /**
     * When the run started.
     *
     * @return the instant
     */
    public Instant generatedAt() {
        return generatedAt;
    }

    /**
     * How long the run took, connection included.
     *
     * @return the duration
     */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * Statements sent to the server in the run (including the timeout setting and the final
     * rollback). Does not grow with the number of tables or indexes.
     *
     * @return the count
     */
    public int roundTrips() {
        return roundTrips;
    }

    /**
     * A plain-text report for a terminal or a log.
     *
     * @return the text
     */
    public String toText() {
        return TextWriter.write(this);
    }

    /**
     * The JSON report (schema {@value #JSON_SCHEMA}, see docs/health.md).
     *
     * @return the JSON text
     */
    public String toJson() {
        return JsonWriter.write(this);
    }

    /**
     * A self-contained HTML page: inline CSS, no scripts, no external assets, everything escaped.
     *
     * @return the HTML text
     */
    public String toHtml() {
        return HtmlWriter.write(this);
    }

    /**
     * A one-line summary.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return "HealthReport[" + database + ", " + findings.size() + " findings, " + skipped.size() + " skipped, "
                + roundTrips + " round trips, " + elapsed.toMillis() + " ms]";
    }
}
