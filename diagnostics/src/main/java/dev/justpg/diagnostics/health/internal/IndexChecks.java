package dev.justpg.diagnostics.health.internal;

import static dev.justpg.diagnostics.health.internal.Collector.ev;
import static dev.justpg.diagnostics.health.internal.Collector.q;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthThresholds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Index checks over the one index list: invalid, duplicate, overlapping, unused, mostly NULL. */
final class IndexChecks {

    private static final long LARGE_INDEX = 100L * 1024 * 1024;

    private IndexChecks() {
    }

    static void run(Snapshot s, HealthThresholds t, Collector out) {
        Set<String> reported = new HashSet<>();
        invalid(s, out);
        duplicates(s, out, reported);
        overlapping(s, out, reported);
        unused(s, t, out, reported);
    }

    private static void invalid(Snapshot s, Collector out) {
        for (Rows.Index i : s.indexes) {
            if (!i.valid()) {
                out.add(CheckId.INVALID_INDEX, Severity.HIGH, i.qualified(), ev("index_bytes", i.bytes()),
                        "Index " + i.qualified() + " on " + i.qualifiedTable() + " is invalid, usually left by a"
                                + " CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY that failed (a duplicate key, a"
                                + " deadlock, a cancel). The planner never uses it, but every write still maintains it.",
                        "DROP INDEX CONCURRENTLY " + q(i.schema(), i.name()) + ";\n" + i.definition()
                                .replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY ") + ";");
            }
        }
    }

    /** The part of the definition that makes two indexes equal: everything but the name. */
    private static String signature(Rows.Index i) {
        return i.tableOid() + "|" + i.method() + "|" + i.keys() + "|" + i.keyCount() + "|" + i.opclasses() + "|"
                + i.collations() + "|" + i.expressions() + "|" + i.predicate();
    }

    private static void duplicates(Snapshot s, Collector out, Set<String> reported) {
        Map<String, List<Rows.Index>> bySignature = new LinkedHashMap<>();
        for (Rows.Index i : s.indexes) {
            if (i.valid()) {
                bySignature.computeIfAbsent(signature(i), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Rows.Index> group : bySignature.values()) {
            if (group.size() < 2) {
                continue;
            }
            // keep the one that backs a constraint, else the unique one, else the first by name
            group.sort((a, b) -> {
                int c = Boolean.compare(b.backsConstraint() || b.primary(), a.backsConstraint() || a.primary());
                if (c == 0) {
                    c = Boolean.compare(b.unique(), a.unique());
                }
                return c != 0 ? c : a.name().compareTo(b.name());
            });
            Rows.Index keep = group.get(0);
            for (Rows.Index extra : group.subList(1, group.size())) {
                if (extra.backsConstraint()) {
                    continue;
                }
                reported.add(extra.qualified());
                out.add(CheckId.DUPLICATE_INDEX, extra.bytes() >= LARGE_INDEX ? Severity.MEDIUM : Severity.LOW,
                        extra.qualified(), ev("index_bytes", extra.bytes(), "scans", extra.scans()),
                        "Index " + extra.qualified() + " has the same definition as " + keep.qualified() + " on "
                                + extra.qualifiedTable() + ". One of them is enough: the other costs " + Fmt.bytes(extra.bytes())
                                + " and time on every write.",
                        "DROP INDEX CONCURRENTLY " + q(extra.schema(), extra.name()) + ";");
            }
        }
    }

    private static void overlapping(Snapshot s, Collector out, Set<String> reported) {
        Map<Long, List<Rows.Index>> byTable = new HashMap<>();
        for (Rows.Index i : s.indexes) {
            if (i.valid() && i.method().equals("btree") && i.expressions().isEmpty()) {
                byTable.computeIfAbsent(i.tableOid(), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Rows.Index> list : byTable.values()) {
            for (Rows.Index a : list) {
                if (a.unique() || a.backsConstraint() || reported.contains(a.qualified())) {
                    continue;
                }
                List<Integer> ak = a.keyColumns();
                List<String> aOps = opclasses(a);
                for (Rows.Index b : list) {
                    if (b == a || !b.predicate().equals(a.predicate())) {
                        continue;
                    }
                    List<Integer> bk = b.keyColumns();
                    if (bk.size() <= ak.size() || !bk.subList(0, ak.size()).equals(ak)
                            || !opclasses(b).subList(0, ak.size()).equals(aOps)) {
                        continue;
                    }
                    reported.add(a.qualified());
                    out.add(CheckId.OVERLAPPING_INDEX, a.bytes() >= LARGE_INDEX ? Severity.MEDIUM : Severity.LOW,
                            a.qualified(), ev("index_bytes", a.bytes(), "scans", a.scans(), "covering_index_bytes", b.bytes()),
                            "Index " + a.qualified() + " " + cols(a) + " is a prefix of " + b.qualified() + " " + cols(b)
                                    + ": every query that can use the first can use the second, which is only a"
                                    + " little larger to search. Dropping the shorter one saves " + Fmt.bytes(a.bytes())
                                    + " and write time (keep it if its smaller size matters to a hot query).",
                            "DROP INDEX CONCURRENTLY " + q(a.schema(), a.name()) + ";");
                    break;
                }
            }
        }
    }

    private static List<String> opclasses(Rows.Index i) {
        List<String> ops = new ArrayList<>();
        for (String p : i.opclasses().trim().split("\\s+")) {
            ops.add(p);
        }
        return ops.subList(0, Math.min(ops.size(), i.keyCount()));
    }

    /** The name of the partial index that replaces one: {@code name_nn}, cut to fit 63 bytes. */
    static String partialName(String name) {
        String base = name;
        while (base.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 60) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "_nn";
    }

    static String cols(Rows.Index i) {
        return "(" + String.join(", ", i.columns().subList(0, Math.min(i.keyCount(), i.columns().size()))) + ")";
    }

    private static void unused(Snapshot s, HealthThresholds t, Collector out, Set<String> reported) {
        if (s.flag("justpg.in_recovery")) {
            out.skip(CheckId.UNUSED_INDEX, false, "this server is a standby: its index scan counts say nothing"
                    + " about the primary; run the check on the primary and on each standby that serves reads");
            return;
        }
        String statsAge = s.setting("justpg.stats_reset_age");
        double since = statsAge == null || statsAge.isEmpty() ? s.number("justpg.uptime", -1)
                : Double.parseDouble(statsAge);
        for (Rows.Index i : s.indexes) {
            if (!i.valid() || i.unique() || i.primary() || i.exclusion() || i.backsConstraint()
                    || i.relkind().equals("I") || i.scans() > 0 || reported.contains(i.qualified())
                    || i.tableScans() < t.unusedIndexMinTableScans()) {
                continue;
            }
            out.add(CheckId.UNUSED_INDEX, i.bytes() >= LARGE_INDEX ? Severity.MEDIUM : Severity.LOW, i.qualified(),
                    ev("index_bytes", i.bytes(), "scans", 0, "table_scans", i.tableScans(), "stats_age_seconds",
                            since >= 0 ? since : null),
                    "Index " + i.qualified() + " has not been scanned since statistics were reset"
                            + (since >= 0 ? " (" + Fmt.seconds(since) + " ago)" : "") + ", while its table "
                            + i.qualifiedTable() + " was scanned " + Fmt.count(i.tableScans()) + " times. It costs "
                            + Fmt.bytes(i.bytes()) + " and time on every write. Counts are per server: check the"
                            + " standbys that serve reads before dropping it.",
                    "DROP INDEX CONCURRENTLY " + q(i.schema(), i.name()) + ";");
        }
    }

    static void mostlyNulls(Snapshot s, HealthThresholds t, Collector out) {
        Map<String, Rows.ColumnStat> stats = new HashMap<>();
        for (Rows.ColumnStat c : s.columnStats) {
            stats.put(c.schema() + "." + c.table() + "." + c.column(), c);
        }
        for (Rows.Index i : s.indexes) {
            if (!i.valid() || !i.method().equals("btree") || !i.predicate().isEmpty() || i.keyCount() != 1
                    || i.keys().isEmpty() || i.keys().get(0) == 0 || i.notNull().isEmpty() || i.notNull().get(0)
                    || i.primary()) {
                continue;
            }
            String col = i.columns().get(0);
            Rows.ColumnStat c = stats.get(i.schema() + "." + i.table() + "." + col);
            if (c == null || c.nullFraction() < t.indexNullFraction()) {
                continue;
            }
            out.add(CheckId.INDEX_MOSTLY_NULLS, i.bytes() >= LARGE_INDEX ? Severity.MEDIUM : Severity.LOW,
                    i.qualified(), ev("null_fraction", c.nullFraction(), "index_bytes", i.bytes()),
                    "Index " + i.qualified() + " is on " + i.qualifiedTable() + "(" + col + "), which is "
                            + Fmt.pct(c.nullFraction()) + " NULL. The NULL entries take most of the index and a"
                            + " query rarely looks them up; a partial index WHERE " + col
                            + " IS NOT NULL is smaller and faster to maintain.",
                    "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX CONCURRENTLY " + q(partialName(i.name())) + " ON "
                            + q(i.schema(), i.table()) + " (" + q(col) + ") WHERE " + q(col) + " IS NOT NULL;\n"
                            + "DROP INDEX CONCURRENTLY " + q(i.schema(), i.name()) + ";");
        }
    }
}
