package dev.justpg.diagnostics.health.internal;

import static dev.justpg.diagnostics.health.internal.Collector.ev;
import static dev.justpg.diagnostics.health.internal.Collector.q;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthThresholds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Table and b-tree index bloat. The estimate compares the pages a relation has with the pages
 * its rows need, from {@code reltuples} and the columns' {@code pg_stats} widths; it is rough
 * (about ±20%) and impossible without statistics. With {@code pgstattuple} installed, the
 * candidates are measured exactly in one more statement.
 */
final class BloatChecks {

    /** How many relations at most pgstattuple reads in one run (it reads them whole). */
    static final int EXACT_LIMIT = 50;

    /** One relation's estimate. */
    record Estimate(long oid, boolean index, String schema, String name, String table, double bytes, double wasted,
            String untrusted) {

        double fraction() {
            return bytes <= 0 ? 0 : wasted / bytes;
        }
    }

    private BloatChecks() {
    }

    static List<Estimate> estimate(Snapshot s) {
        double bs = s.number("block_size", 8192);
        Map<String, double[]> widths = new HashMap<>();
        Map<Long, Integer> statCols = new HashMap<>();
        Map<String, Long> tableOid = new HashMap<>();
        for (Rows.Table t : s.tables) {
            tableOid.put(t.schema() + "." + t.name(), t.oid());
        }
        Map<String, double[]> perTable = new HashMap<>();
        for (Rows.ColumnStat c : s.columnStats) {
            widths.put(c.schema() + "." + c.table() + "." + c.column(), new double[] {c.avgWidth(), c.nullFraction()});
            double[] sum = perTable.computeIfAbsent(c.schema() + "." + c.table(), k -> new double[2]);
            sum[0] += c.avgWidth() * (1 - c.nullFraction());
            sum[1] = Math.max(sum[1], c.nullFraction());
            Long oid = tableOid.get(c.schema() + "." + c.table());
            if (oid != null) {
                statCols.merge(oid, 1, Integer::sum);
            }
        }
        List<Estimate> out = new ArrayList<>();
        for (Rows.Table t : s.tables) {
            if (!t.relkind().equals("r") && !t.relkind().equals("m")) {
                continue;
            }
            double bytes = t.pages() * bs;
            String why = null;
            if (!t.readable()) {
                why = "this role may not read the table, so its column statistics are hidden";
            } else if (t.tuples() < 0) {
                why = "never analyzed";
            } else if (statCols.getOrDefault(t.oid(), 0) < t.columnCount()) {
                why = "some columns have no statistics (run ANALYZE)";
            }
            double wasted = 0;
            if (why == null) {
                double[] sum = perTable.getOrDefault(t.schema() + "." + t.name(), new double[2]);
                double data = sum[0];
                double nullFrac = sum[1];
                double header = align(23 + (nullFrac > 0 ? Math.ceil(t.columnCount() / 8.0) : 0));
                double tuple = header + align(data) + 4;
                double ff = fillfactor(t, 100) / 100.0;
                double expectedPages = Math.ceil(t.tuples() * tuple / ((bs - 24) * ff));
                wasted = Math.max(0, (t.pages() - expectedPages) * bs);
            }
            out.add(new Estimate(t.oid(), false, t.schema(), t.name(), t.name(), bytes, wasted, why));
        }
        Map<Long, Rows.Table> tables = new HashMap<>();
        for (Rows.Table t : s.tables) {
            tables.put(t.oid(), t);
        }
        for (Rows.Index i : s.indexes) {
            if (!i.method().equals("btree") || !i.valid() || i.relkind().equals("I")) {
                continue;
            }
            Rows.Table t = tables.get(i.tableOid());
            double bytes = i.pages() * bs;
            String why = null;
            double data = 0;
            if (t != null && !t.readable()) {
                why = "this role may not read the table, so its column statistics are hidden";
            } else if (i.tuples() < 0) {
                why = "never analyzed";
            } else if (i.keys().contains(0)) {
                why = "an expression index has no column statistics";
            } else {
                for (String col : i.columns()) {
                    double[] w = widths.get(i.schema() + "." + i.table() + "." + col);
                    if (w == null) {
                        why = "some columns have no statistics (run ANALYZE)";
                        break;
                    }
                    data += w[0] * (1 - w[1]);
                }
            }
            double wasted = 0;
            if (why == null) {
                double entry = align(8 + data) + 4;
                double expectedPages = Math.ceil(i.tuples() * entry / ((bs - 24 - 16) * 0.9)) + 1;
                expectedPages += Math.ceil(expectedPages / 100.0);
                wasted = Math.max(0, (i.pages() - expectedPages) * bs);
            }
            out.add(new Estimate(i.oid(), true, i.schema(), i.name(), i.table(), bytes, wasted, why));
        }
        return out;
    }

    private static double align(double n) {
        return Math.ceil(n / 8) * 8;
    }

    private static double fillfactor(Rows.Table t, double fallback) {
        String v = t.option("fillfactor");
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Relations worth measuring exactly: likely bloated, or not estimable, and big enough to matter. */
    static List<Estimate> candidates(List<Estimate> est, HealthThresholds th) {
        List<Estimate> c = new ArrayList<>();
        for (Estimate e : est) {
            if (e.bytes() >= th.bloatMinBytes() && e.bytes() > 0
                    && (e.untrusted() != null || e.fraction() >= th.bloatFraction() / 2)) {
                c.add(e);
            }
        }
        c.sort(Comparator.comparingDouble(Estimate::bytes).reversed());
        return c.size() > EXACT_LIMIT ? c.subList(0, EXACT_LIMIT) : c;
    }

    static void report(Snapshot s, List<Estimate> est, HealthThresholds th, Collector out, boolean exactRan) {
        Map<Long, Rows.Table> tables = new HashMap<>();
        for (Rows.Table t : s.tables) {
            tables.put(t.oid(), t);
        }
        int untrustedTables = 0;
        int untrustedIndexes = 0;
        for (Estimate e : est) {
            double bytes = e.bytes();
            double wasted = e.wasted();
            boolean exact = false;
            double[] m = e.index() ? s.exactIndexBloat.get(e.oid()) : s.exactTableBloat.get(e.oid());
            if (m != null) {
                exact = true;
                if (e.index()) {
                    bytes = m[0];
                    double density = Double.isNaN(m[1]) ? 90 : m[1];
                    wasted = Math.max(0, bytes * (1 - density / 90.0));
                } else {
                    bytes = m[0];
                    Rows.Table t = tables.get(e.oid());
                    double reserved = t == null ? 0 : bytes * (1 - fillfactor(t, 100) / 100.0);
                    wasted = Math.max(0, m[1] - reserved);
                }
            } else if (e.untrusted() != null) {
                if (bytes >= th.bloatMinBytes()) {
                    if (e.index()) {
                        untrustedIndexes++;
                    } else {
                        untrustedTables++;
                    }
                }
                continue;
            }
            double fraction = bytes <= 0 ? 0 : wasted / bytes;
            if (wasted < th.bloatMinBytes() || fraction < th.bloatFraction()) {
                continue;
            }
            CheckId id = e.index() ? CheckId.INDEX_BLOAT : CheckId.TABLE_BLOAT;
            String what = e.index() ? "Index" : "Table";
            String how = exact ? "measured with pgstattuple" : "estimated from pg_stats row widths (rough: about"
                    + " ±20%; install pgstattuple for an exact figure)";
            out.add(id, fraction >= 0.6 ? Severity.HIGH : Severity.MEDIUM, e.schema() + "." + e.name(),
                    ev("bytes", bytes, "wasted_bytes", wasted, "wasted_fraction", fraction, "exact", exact ? 1 : 0),
                    what + " " + e.schema() + "." + e.name() + " takes " + Fmt.bytes(bytes) + ", of which about "
                            + Fmt.bytes(wasted) + " (" + Fmt.pct(fraction) + ") is empty or dead space (" + how + ")."
                            + " Scans read the empty pages too. Vacuum makes the space reusable but does not shrink"
                            + " the " + (e.index() ? "index; rebuild it without blocking writes."
                                    : "table; a rewrite does (VACUUM FULL locks the table; pg_repack does not)."),
                    e.index() ? "REINDEX INDEX CONCURRENTLY " + q(e.schema(), e.name()) + ";"
                            : "VACUUM FULL " + q(e.schema(), e.name()) + "; -- takes an ACCESS EXCLUSIVE lock; or pg_repack");
        }
        String hint = exactRan ? "" : "; install pgstattuple (CREATE EXTENSION pgstattuple) to measure them exactly";
        if (untrustedTables > 0) {
            out.skip(CheckId.TABLE_BLOAT, true, untrustedTables + " table(s) of at least " + Fmt.bytes(th.bloatMinBytes())
                    + " could not be estimated (never analyzed, hidden statistics, or missing column statistics)" + hint);
        }
        if (untrustedIndexes > 0) {
            out.skip(CheckId.INDEX_BLOAT, true, untrustedIndexes + " index(es) of at least " + Fmt.bytes(th.bloatMinBytes())
                    + " could not be estimated (expression indexes, hidden or missing statistics)" + hint);
        }
    }
}
