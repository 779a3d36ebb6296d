package dev.justpg.diagnostics.health.internal;

import static dev.justpg.diagnostics.health.internal.Collector.ev;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthThresholds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Session checks from one read of {@code pg_stat_activity}: long queries, idle in transaction, lock chains, connections. */
final class ActivityChecks {

    private static final String HIDDEN = "<insufficient privilege>";

    private ActivityChecks() {
    }

    static void run(Snapshot s, HealthThresholds th, Collector out) {
        boolean hidden = false;
        Map<Integer, Rows.Activity> byPid = new HashMap<>();
        int clients = 0;
        for (Rows.Activity a : s.activity) {
            byPid.put(a.pid(), a);
            if (a.backendType().equals("client backend")) {
                clients++;
            }
            if (a.query().equals(HIDDEN) || (a.backendType().isEmpty() && a.state().isEmpty() && !a.self())) {
                hidden = true;
            }
        }
        if (hidden) {
            String reason = "sessions of other roles are hidden from this role (their state and query show as"
                    + " '<insufficient privilege>'); grant it pg_read_all_stats (part of pg_monitor)";
            out.skip(CheckId.LONG_RUNNING_QUERY, true, reason);
            out.skip(CheckId.IDLE_IN_TRANSACTION, true, reason);
            out.skip(CheckId.BLOCKED_QUERIES, true, reason);
        }
        for (Rows.Activity a : s.activity) {
            if (a.self() || !a.backendType().equals("client backend")) {
                continue;
            }
            if (a.state().equals("active") && a.queryAgeSeconds() >= th.longRunningQuery().toMillis() / 1000.0
                    && !(a.waitEventType().equals("Lock") && !a.blockedBy().isEmpty())) {
                out.add(CheckId.LONG_RUNNING_QUERY, a.queryAgeSeconds() >= 10 * th.longRunningQuery().toSeconds()
                        ? Severity.HIGH : Severity.MEDIUM, "pid " + a.pid(),
                        ev("pid", a.pid(), "query_seconds", a.queryAgeSeconds(), "transaction_seconds", a.xactAgeSeconds()),
                        "Session " + who(a) + " has been running one query for " + Fmt.seconds(a.queryAgeSeconds())
                                + ": " + Fmt.oneLine(a.query(), 300) + ". It holds its locks and snapshot all that time"
                                + " (vacuum cannot clean rows it might see).",
                        "SELECT pg_cancel_backend(" + a.pid() + ");");
            }
            if (a.state().startsWith("idle in transaction")
                    && a.stateAgeSeconds() >= th.idleInTransaction().toMillis() / 1000.0) {
                out.add(CheckId.IDLE_IN_TRANSACTION, a.stateAgeSeconds() >= 10 * th.idleInTransaction().toSeconds()
                        ? Severity.HIGH : Severity.MEDIUM, "pid " + a.pid(),
                        ev("pid", a.pid(), "idle_seconds", a.stateAgeSeconds(), "transaction_seconds", a.xactAgeSeconds()),
                        "Session " + who(a) + " opened a transaction " + Fmt.seconds(a.xactAgeSeconds()) + " ago and has"
                                + " been idle in it for " + Fmt.seconds(a.stateAgeSeconds()) + " (last statement: "
                                + Fmt.oneLine(a.query(), 200) + "). It keeps its locks and holds back vacuum; usually an"
                                + " application path that does not commit or roll back. Setting"
                                + " idle_in_transaction_session_timeout ends such sessions automatically.",
                        "SELECT pg_terminate_backend(" + a.pid() + ");");
            }
        }
        blocking(s, th, byPid, out);
        connections(s, th, clients, out);
    }

    private static String who(Rows.Activity a) {
        return a.pid() + " (" + a.user() + "@" + a.database() + (a.application().isEmpty() ? "" : ", " + a.application())
                + ")";
    }

    private static void blocking(Snapshot s, HealthThresholds th, Map<Integer, Rows.Activity> byPid, Collector out) {
        // group blocked sessions under the root of their chain: a blocker that is not itself waiting
        Map<Integer, List<Rows.Activity>> byRoot = new LinkedHashMap<>();
        for (Rows.Activity a : s.activity) {
            if (a.blockedBy().isEmpty() || a.queryAgeSeconds() < th.lockWait().toMillis() / 1000.0) {
                continue;
            }
            int root = a.blockedBy().get(0);
            for (int hops = 0; hops < 50; hops++) {
                Rows.Activity r = byPid.get(root);
                if (r == null || r.blockedBy().isEmpty()) {
                    break;
                }
                root = r.blockedBy().get(0);
            }
            byRoot.computeIfAbsent(root, k -> new ArrayList<>()).add(a);
        }
        for (Map.Entry<Integer, List<Rows.Activity>> e : byRoot.entrySet()) {
            Rows.Activity root = byPid.get(e.getKey());
            double longest = 0;
            StringBuilder chain = new StringBuilder();
            for (Rows.Activity w : e.getValue()) {
                longest = Math.max(longest, w.queryAgeSeconds());
                chain.append("\n  pid ").append(w.pid()).append(" waits ").append(Fmt.seconds(w.queryAgeSeconds()))
                        .append(" for ").append(w.blockedBy()).append(": ").append(Fmt.oneLine(w.query(), 200));
            }
            String rootText = root == null ? "pid " + e.getKey()
                    : who(root) + ", " + root.state() + " for " + Fmt.seconds(root.stateAgeSeconds()) + ", "
                            + (root.state().equals("active") ? "running: " : "last statement: ")
                            + Fmt.oneLine(root.query(), 200);
            out.add(CheckId.BLOCKED_QUERIES, e.getValue().size() >= 5 || longest >= 60 ? Severity.HIGH : Severity.MEDIUM,
                    "pid " + e.getKey(),
                    ev("blocking_pid", e.getKey(), "blocked_sessions", e.getValue().size(), "longest_wait_seconds", longest),
                    "Session " + rootText + " blocks " + e.getValue().size() + " session(s):" + chain
                            + "\nEnd the blocker's transaction (commit or roll back in the application), or terminate it.",
                    "SELECT pg_terminate_backend(" + e.getKey() + ");");
        }
    }

    private static void connections(Snapshot s, HealthThresholds th, int clients, Collector out) {
        double max = s.number("max_connections", -1);
        double reserved = s.number("superuser_reserved_connections", 3);
        if (max <= 0) {
            return;
        }
        double usable = Math.max(1, max - reserved);
        double share = clients / usable;
        if (share < th.connectionFraction()) {
            return;
        }
        out.add(CheckId.CONNECTIONS, share >= 0.95 ? Severity.HIGH : Severity.MEDIUM, "server",
                ev("connections", clients, "max_connections", max, "reserved", reserved, "fraction", share),
                clients + " client connections are open out of " + (long) usable + " available (max_connections "
                        + (long) max + " minus " + (long) reserved + " reserved): new connections will soon be refused."
                        + " Use a pool (HikariCP, PgBouncer) with fewer connections rather than raising the limit.",
                null);
    }
}
