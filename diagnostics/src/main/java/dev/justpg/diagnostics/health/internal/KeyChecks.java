package dev.justpg.diagnostics.health.internal;

import static dev.justpg.diagnostics.health.internal.Collector.ev;
import static dev.justpg.diagnostics.health.internal.Collector.q;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthThresholds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Key and type checks: foreign keys without an index or with another type, tables without a primary key, sequences. */
final class KeyChecks {

    private KeyChecks() {
    }

    static void foreignKeys(Snapshot s, Collector out) {
        Map<Long, List<Rows.Index>> byTable = new HashMap<>();
        for (Rows.Index i : s.indexes) {
            if (i.valid() && i.predicate().isEmpty()) {
                byTable.computeIfAbsent(i.tableOid(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Rows.ForeignKey fk : s.foreignKeys) {
            String cols = fk.columns().stream().map(Collector::q).collect(Collectors.joining(", "));
            if (out.on(CheckId.FK_WITHOUT_INDEX) && s.has(Family.INDEXES) && !covered(fk, byTable.get(fk.tableOid()))) {
                out.add(CheckId.FK_WITHOUT_INDEX, Severity.MEDIUM, fk.qualifiedTable() + "." + fk.name(),
                        ev("columns", fk.columns().size()),
                        "Foreign key " + fk.name() + " on " + fk.qualifiedTable() + "(" + String.join(", ", fk.columns())
                                + ") references " + fk.refSchema() + "." + fk.refTable() + ", but no index starts with"
                                + " those columns. Every delete or key update on " + fk.refTable() + " scans all of "
                                + fk.table() + " (under a lock), and joins from " + fk.refTable() + " cannot use an index.",
                        "CREATE INDEX CONCURRENTLY ON " + q(fk.schema(), fk.table()) + " (" + cols + ");");
            }
            for (int k = 0; k < fk.types().size() && k < fk.refTypes().size(); k++) {
                String mine = fk.types().get(k);
                String theirs = fk.refTypes().get(k);
                if (!mine.equals(theirs)) {
                    out.add(CheckId.FK_TYPE_MISMATCH, Severity.LOW, fk.qualifiedTable() + "." + fk.name(), ev(),
                            "Foreign key " + fk.name() + ": " + fk.qualifiedTable() + "." + fk.columns().get(k) + " is "
                                    + mine + " but " + fk.refSchema() + "." + fk.refTable() + "." + fk.refColumns().get(k)
                                    + " is " + theirs + ". Joins need a cast (which can hide an index), and a narrower"
                                    + " column overflows before the key it points to.",
                            "ALTER TABLE " + q(fk.schema(), fk.table()) + " ALTER COLUMN " + q(fk.columns().get(k))
                                    + " TYPE " + theirs + ";");
                }
            }
        }
    }

    /** Whether some index's leading columns are exactly the key's columns, in any order. */
    private static boolean covered(Rows.ForeignKey fk, List<Rows.Index> indexes) {
        if (indexes == null) {
            return false;
        }
        HashSet<Integer> want = new HashSet<>(fk.keys());
        for (Rows.Index i : indexes) {
            List<Integer> keys = i.keyColumns();
            if (keys.size() >= want.size() && new HashSet<>(keys.subList(0, want.size())).equals(want)) {
                return true;
            }
        }
        return false;
    }

    static void primaryKeys(Snapshot s, Collector out) {
        for (Rows.Table t : s.tables) {
            if (!t.hasPrimaryKey() && !t.relkind().equals("m") && !t.partition()) {
                out.add(CheckId.TABLE_WITHOUT_PRIMARY_KEY, Severity.LOW, t.qualified(), ev("estimated_rows",
                        Math.max(0, t.tuples())),
                        "Table " + t.qualified() + " has no primary key: rows cannot be addressed one by one,"
                                + " duplicates go unnoticed, and logical replication cannot apply its updates and"
                                + " deletes.",
                        null);
            }
        }
    }

    static void sequences(Snapshot s, HealthThresholds th, Collector out) {
        int unreadable = 0;
        for (Rows.Sequence q : s.sequences) {
            if (!q.readable()) {
                unreadable++;
                continue;
            }
            if (q.lastValue() == null) {
                continue;
            }
            long columnMax = q.columnType() == null ? Long.MAX_VALUE : switch (q.columnType()) {
                case "smallint" -> Short.MAX_VALUE;
                case "integer" -> Integer.MAX_VALUE;
                default -> Long.MAX_VALUE;
            };
            long columnMin = q.columnType() == null ? Long.MIN_VALUE : switch (q.columnType()) {
                case "smallint" -> Short.MIN_VALUE;
                case "integer" -> Integer.MIN_VALUE;
                default -> Long.MIN_VALUE;
            };
            boolean up = q.increment() > 0;
            long limit = up ? Math.min(q.max(), columnMax) : Math.max(q.min(), columnMin);
            long start = up ? q.min() : q.max();
            double span = (double) limit - (double) start;
            if (span == 0) {
                continue;
            }
            double used = ((double) q.lastValue() - (double) start) / span;
            if (used < th.sequenceUsedFraction() || q.cycle()) {
                continue;
            }
            boolean columnCaps = up ? columnMax < q.max() || (columnMax == q.max() && columnMax < Long.MAX_VALUE)
                    : columnMin > q.min() || (columnMin == q.min() && columnMin > Long.MIN_VALUE);
            Severity sev = used >= 0.95 ? Severity.HIGH : Severity.MEDIUM;
            double left = Math.abs((double) limit - q.lastValue()) / Math.abs(q.increment());
            if (columnCaps && q.column() != null) {
                out.add(CheckId.INT4_KEY_NEAR_LIMIT, sev, q.columnSchema() + "." + q.columnTable() + "." + q.column(),
                        ev("used_fraction", used, "last_value", q.lastValue(), "limit", limit, "values_left", left),
                        "Column " + q.columnSchema() + "." + q.columnTable() + "." + q.column() + " is " + q.columnType()
                                + " and its sequence " + q.qualified() + " has used " + Fmt.pct(used) + " of that type's range ("
                                + Fmt.count(left) + " values left). When it runs out, every insert fails. Move the column"
                                + " (and the columns that reference it) to bigint; on a large table plan it as a"
                                + " migration (new column, backfill, swap).",
                        "ALTER TABLE " + q(q.columnSchema(), q.columnTable()) + " ALTER COLUMN " + q(q.column())
                                + " TYPE bigint;\nALTER SEQUENCE " + q(q.schema(), q.name()) + " AS bigint;");
            } else {
                out.add(CheckId.SEQUENCE_NEAR_EXHAUSTION, sev, q.qualified(),
                        ev("used_fraction", used, "last_value", q.lastValue(), "limit", limit, "values_left", left),
                        "Sequence " + q.qualified() + " (" + q.type() + ") has used " + Fmt.pct(used) + " of its range ("
                                + Fmt.count(left) + " values left); nextval() fails when it reaches " + limit + ".",
                        up ? "ALTER SEQUENCE " + q(q.schema(), q.name()) + " AS bigint MAXVALUE " + Long.MAX_VALUE + ";"
                                : "ALTER SEQUENCE " + q(q.schema(), q.name()) + " AS bigint MINVALUE " + Long.MIN_VALUE + ";");
            }
        }
        if (unreadable > 0) {
            String reason = unreadable + " sequence(s) not checked: this role may not read their value"
                    + " (pg_sequences shows NULL); grant SELECT on them, or run the check as their owner";
            out.skip(CheckId.SEQUENCE_NEAR_EXHAUSTION, true, reason);
            out.skip(CheckId.INT4_KEY_NEAR_LIMIT, true, reason);
        }
    }
}
