package dev.justpg.diagnostics.health.internal;

import dev.justpg.core.Identifier;
import dev.justpg.diagnostics.health.StatementStat;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What one health run read from the server: one list per query family. A family that failed
 * (timeout, missing privilege) is absent and its failure is kept in {@link #failures()}.
 */
public final class Snapshot {

    /** The settings the checks read from {@code pg_settings}. */
    static final String[] SETTING_NAMES = {"fsync", "full_page_writes", "autovacuum", "track_counts",
        "shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "max_connections",
        "superuser_reserved_connections", "autovacuum_vacuum_threshold", "autovacuum_vacuum_scale_factor",
        "autovacuum_analyze_threshold", "autovacuum_analyze_scale_factor", "autovacuum_freeze_max_age",
        "autovacuum_multixact_freeze_max_age", "block_size", "maintenance_work_mem", "archive_mode", "server_version"};

    /** A setting's value and unit. */
    record Setting(String value, String unit) {
    }

    private final Map<String, Setting> settings = new HashMap<>();
    final List<Rows.Index> indexes = new ArrayList<>();
    final List<Rows.Table> tables = new ArrayList<>();
    final List<Rows.ColumnStat> columnStats = new ArrayList<>();
    final List<Rows.ForeignKey> foreignKeys = new ArrayList<>();
    final List<Rows.Sequence> sequences = new ArrayList<>();
    final List<Rows.Activity> activity = new ArrayList<>();
    final List<Rows.DatabaseRow> databases = new ArrayList<>();
    final List<Rows.Replication> replication = new ArrayList<>();
    final List<StatementStat> statements = new ArrayList<>();
    final Map<Long, double[]> exactTableBloat = new HashMap<>();
    final Map<Long, double[]> exactIndexBloat = new HashMap<>();
    OptionalDouble statementsAgeSeconds = OptionalDouble.empty();
    private final Map<Family, String> failures = new EnumMap<>(Family.class);
    private final Set<Family> loaded = java.util.EnumSet.noneOf(Family.class);

    /**
     * Whether a family was read.
     *
     * @param f the family
     * @return {@code true} when its query succeeded
     */
    public boolean has(Family f) {
        return loaded.contains(f);
    }

    /**
     * Families that failed, with the reason.
     *
     * @return family to message
     */
    public Map<Family, String> failures() {
        return failures;
    }

    /**
     * The tables read (empty when the family was not read).
     *
     * @return the tables
     */
    public List<Rows.Table> tables() {
        return tables;
    }

    /**
     * The statements read from pg_stat_statements, by total time.
     *
     * @return the statements
     */
    public List<StatementStat> statements() {
        return statements;
    }

    /**
     * Seconds since pg_stat_statements was reset, when known.
     *
     * @return the age
     */
    public OptionalDouble statementsAgeSeconds() {
        return statementsAgeSeconds;
    }

    void failed(Family f, String reason) {
        failures.put(f, reason);
    }

    void loaded(Family f) {
        loaded.add(f);
    }

    /**
     * A setting's raw value.
     *
     * @param name the setting (or a {@code justpg.*} pseudo-setting)
     * @return the value, or null
     */
    public String setting(String name) {
        Setting s = settings.get(name);
        return s == null ? null : s.value();
    }

    Setting settingRow(String name) {
        return settings.get(name);
    }

    boolean flag(String name) {
        return "true".equals(setting(name));
    }

    /**
     * A memory setting in bytes ({@code setting} times its unit).
     *
     * @param name the setting
     * @return bytes, or -1 when unknown
     */
    long bytes(String name) {
        Setting s = settings.get(name);
        if (s == null) {
            return -1;
        }
        long v;
        try {
            v = Long.parseLong(s.value());
        } catch (NumberFormatException e) {
            return -1;
        }
        String u = s.unit();
        long mul = switch (u) {
            case "B" -> 1;
            case "kB" -> 1024;
            case "8kB" -> 8192;
            case "MB" -> 1024 * 1024;
            case "16MB" -> 16L * 1024 * 1024;
            case "GB" -> 1024L * 1024 * 1024;
            default -> 1;
        };
        return v * mul;
    }

    double number(String name, double fallback) {
        String v = setting(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    int versionNum() {
        return (int) number("justpg.server_version_num", 0);
    }

    /** The installed extension's quoted schema, or null when it is not installed. */
    String extensionSchema(String ext) {
        Setting s = settings.get("justpg.ext." + ext);
        return s == null ? null : Identifier.quote(s.unit().replace("\"", ""));
    }

    // ---- loading --------------------------------------------------------------------------------

    void loadSettings(Session s) throws SQLException {
        Array names = s.textArray(SETTING_NAMES);
        for (String[] row : s.query(Sql.SETTINGS, rs -> new String[] {rs.getString(1), rs.getString(2),
            rs.getString(3)}, names)) {
            settings.put(row[0], new Setting(row[1], row[2]));
        }
    }

    void loadIndexes(Session s) throws SQLException {
        List<Rows.Index> raw = s.query(Sql.INDEXES, rs -> new Rows.Index(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9),
                rs.getBoolean(10), rs.getBoolean(11), rs.getString(12), rs.getInt(13), ints(rs.getString(14)),
                rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19),
                rs.getLong(20), rs.getDouble(21), rs.getLong(22), rs.getLong(23), rs.getLong(24),
                strings(rs.getArray(25)), booleans(rs.getArray(26))));
        // column 24 is the table's sequential scans; add the scans of all its indexes
        Map<Long, Long> indexScans = new HashMap<>();
        for (Rows.Index i : raw) {
            indexScans.merge(i.tableOid(), i.scans(), Long::sum);
        }
        for (Rows.Index i : raw) {
            indexes.add(new Rows.Index(i.schema(), i.table(), i.name(), i.oid(), i.tableOid(), i.relkind(), i.valid(),
                    i.unique(), i.primary(), i.exclusion(), i.backsConstraint(), i.method(), i.keyCount(), i.keys(),
                    i.opclasses(), i.collations(), i.expressions(), i.predicate(), i.definition(), i.bytes(), i.tuples(),
                    i.pages(), i.scans(), i.tableScans() + indexScans.get(i.tableOid()), i.columns(), i.notNull()));
        }
    }

    void loadTables(Session s) throws SQLException {
        tables.addAll(s.query(Sql.TABLES, rs -> new Rows.Table(rs.getString(1), rs.getString(2), rs.getLong(3),
                rs.getString(4), rs.getDouble(5), rs.getLong(6), options(rs.getString(7)), rs.getLong(8),
                rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), optional(rs, 14),
                optional(rs, 15), rs.getLong(16), rs.getLong(17), rs.getLong(19) + rs.getLong(20), rs.getLong(19) - rs.getLong(21),
                rs.getLong(20), rs.getLong(21), rs.getBoolean(22), rs.getBoolean(23), rs.getInt(24), rs.getLong(25),
                rs.getLong(26), rs.getLong(27), rs.getLong(28), rs.getBoolean(29))));
    }

    void loadColumnStats(Session s) throws SQLException {
        columnStats.addAll(s.query(Sql.COLUMN_STATS, rs -> new Rows.ColumnStat(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getDouble(4), rs.getInt(5))));
    }

    void loadForeignKeys(Session s) throws SQLException {
        foreignKeys.addAll(s.query(Sql.FOREIGN_KEYS, rs -> new Rows.ForeignKey(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), ints(rs.getString(5)), strings(rs.getArray(6)), strings(rs.getArray(7)),
                rs.getString(8), rs.getString(9), strings(rs.getArray(10)), strings(rs.getArray(11)))));
    }

    void loadSequences(Session s) throws SQLException {
        sequences.addAll(s.query(Sql.SEQUENCES, rs -> {
            long last = rs.getLong(7);
            Long lastValue = rs.wasNull() ? null : last;
            return new Rows.Sequence(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), lastValue, rs.getBoolean(8), rs.getBoolean(9), rs.getString(10), rs.getString(11),
                    rs.getString(12), rs.getString(13));
        }));
    }

    void loadActivity(Session s) throws SQLException {
        activity.addAll(s.query(Sql.ACTIVITY, rs -> new Rows.Activity(rs.getInt(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getDouble(8), rs.getDouble(9),
                rs.getDouble(10), rs.getString(11), ints(rs.getString(12)), rs.getString(13), rs.getBoolean(14))));
    }

    void loadDatabases(Session s) throws SQLException {
        databases.addAll(s.query(Sql.DATABASES, rs -> new Rows.DatabaseRow(rs.getString(1), rs.getLong(2),
                rs.getLong(3), rs.getBoolean(4), rs.getLong(5), rs.getLong(6))));
    }

    void loadReplication(Session s) throws SQLException {
        replication.addAll(s.query(Sql.REPLICATION, rs -> new Rows.Replication(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), optional(rs, 5), optional(rs, 6), optional(rs, 7), rs.getString(8))));
    }

    void loadStatements(Session s, int top, long minCalls, double meanMillis) throws SQLException {
        String schema = extensionSchema("pg_stat_statements");
        String age = versionNum() >= 140000 ? String.format(Sql.STATEMENTS_AGE, schema) : "null::float8";
        String sql = String.format(Sql.STATEMENTS, schema, age);
        s.query(sql, rs -> {
            statements.add(new StatementStat(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getDouble(4),
                    rs.getDouble(5), rs.getLong(6)));
            statementsAgeSeconds = optional(rs, 9);
            return null;
        }, top, top, minCalls, meanMillis);
    }

    void loadExactBloat(Session s, List<Long> tableOids, List<Long> indexOids) throws SQLException {
        String schema = extensionSchema("pgstattuple");
        if (!tableOids.isEmpty()) {
            s.query(String.format(Sql.PGSTATTUPLE_TABLES, schema), rs -> exactTableBloat.put(rs.getLong(1),
                    new double[] {rs.getDouble(2), rs.getDouble(3)}), (Object) s.longArray(tableOids.toArray(new Long[0])));
        }
        if (!indexOids.isEmpty()) {
            s.query(String.format(Sql.PGSTATTUPLE_INDEXES, schema), rs -> exactIndexBloat.put(rs.getLong(1),
                    new double[] {rs.getDouble(4), rs.getDouble(5)}), (Object) s.longArray(indexOids.toArray(new Long[0])));
        }
    }

    // ---- parsing --------------------------------------------------------------------------------

    static List<Integer> ints(String pgArray) {
        if (pgArray == null) {
            return List.of();
        }
        String body = pgArray.substring(pgArray.indexOf('=') + 1).replace("{", "").replace("}", "").trim();
        if (body.isEmpty()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String p : body.split("[,\\s]+")) {
            out.add(Integer.parseInt(p));
        }
        return out;
    }

    private static List<String> strings(Array a) throws SQLException {
        if (a == null) {
            return List.of();
        }
        Object[] v = (Object[]) a.getArray();
        List<String> out = new ArrayList<>(v.length);
        for (Object o : v) {
            out.add(o == null ? "" : o.toString());
        }
        return out;
    }

    private static List<Boolean> booleans(Array a) throws SQLException {
        if (a == null) {
            return List.of();
        }
        Object[] v = (Object[]) a.getArray();
        List<Boolean> out = new ArrayList<>(v.length);
        for (Object o : v) {
            out.add(Boolean.TRUE.equals(o));
        }
        return out;
    }

    private static List<String> options(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\u0001"));
    }

    private static OptionalDouble optional(ResultSet rs, int col) throws SQLException {
        double d = rs.getDouble(col);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(d);
    }
}
