package dev.justpg.diagnostics.health.internal;

import static dev.justpg.diagnostics.health.internal.Collector.ev;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthThresholds;

/**
 * Replication checks from one statement: standby lag measured in WAL bytes first (an idle primary
 * sends nothing, so its standbys are zero bytes behind whatever the time columns say), slots, the
 * archiver, and this server's own replay lag when it is a standby.
 */
final class ReplicationChecks {

    private ReplicationChecks() {
    }

    static void run(Snapshot s, HealthThresholds th, Collector out) {
        double lagSeconds = th.replicationLag().toMillis() / 1000.0;
        for (Rows.Replication r : s.replication) {
            switch (r.kind()) {
                case "standby" -> standby(r, th, lagSeconds, out);
                case "self" -> self(r, th, lagSeconds, out);
                case "slot" -> slot(r, th, out);
                case "archiver" -> archiver(r, out);
                default -> {
                }
            }
        }
    }

    private static void standby(Rows.Replication r, HealthThresholds th, double lagSeconds, Collector out) {
        String name = r.name().isEmpty() ? r.detail() : r.name();
        if (r.bytes().isEmpty()) {
            return;
        }
        double bytes = r.bytes().getAsDouble();
        // Time lag counts only while there is WAL the standby has not replayed: on an idle primary
        // replay_lag keeps its last value (or turns NULL) although nothing is missing.
        double seconds = bytes > 0 && r.seconds().isPresent() ? r.seconds().getAsDouble() : 0;
        boolean behindBytes = bytes > 0 && bytes >= th.replicationLagBytes();
        boolean behindTime = bytes > 0 && r.seconds().isPresent() && seconds >= lagSeconds;
        if (!behindBytes && !behindTime) {
            if (!r.state().equals("streaming") && !r.state().isEmpty()) {
                out.add(CheckId.REPLICATION_LAG, Severity.MEDIUM, "standby " + name, ev("lag_bytes", bytes),
                        "Standby " + name + " is connected but in state '" + r.state() + "', not streaming.", null);
            }
            return;
        }
        out.add(CheckId.REPLICATION_LAG, bytes >= 10.0 * th.replicationLagBytes() ? Severity.HIGH : Severity.MEDIUM,
                "standby " + name, ev("lag_bytes", bytes, "replay_lag_seconds", seconds),
                "Standby " + name + " (" + r.detail() + ", " + r.state() + ") has not replayed the last "
                        + Fmt.bytes(bytes) + " of WAL" + (seconds > 0 ? " (" + Fmt.seconds(seconds) + " behind)" : "")
                        + ". Reads there are stale, and a failover would lose or wait for that WAL. Look at its disk,"
                        + " network, and queries on the standby that conflict with replay.",
                null);
    }

    private static void self(Rows.Replication r, HealthThresholds th, double lagSeconds, Collector out) {
        double bytes = r.bytes().orElse(0);
        double seconds = r.seconds().orElse(0);
        if (bytes <= 0 || (bytes < th.replicationLagBytes() && seconds < lagSeconds)) {
            return;
        }
        out.add(CheckId.REPLICATION_LAG, Severity.MEDIUM, "this standby",
                ev("lag_bytes", bytes, "replay_lag_seconds", seconds),
                "This server is a standby that has received WAL it has not replayed yet: " + Fmt.bytes(bytes) + ", "
                        + Fmt.seconds(seconds) + " behind the last replayed transaction. Reads here are stale.",
                null);
    }

    private static void slot(Rows.Replication r, HealthThresholds th, Collector out) {
        double retained = r.bytes().orElse(0);
        boolean inactive = r.state().equals("inactive");
        String walStatus = r.flag();
        if (walStatus.equals("lost")) {
            out.add(CheckId.REPLICATION_SLOT, Severity.HIGH, "slot " + r.name(), ev("retained_bytes", retained),
                    "Replication slot " + r.name() + " (" + r.detail() + ") has lost WAL it needed (wal_status = lost):"
                            + " its consumer can never catch up and must be rebuilt.",
                    "SELECT pg_drop_replication_slot(" + literal(r.name()) + ");");
            return;
        }
        if (!inactive && retained < th.slotRetainedBytes()) {
            return;
        }
        if (inactive || retained >= th.slotRetainedBytes()) {
            Severity sev = retained >= th.slotRetainedBytes() ? Severity.HIGH : Severity.MEDIUM;
            out.add(CheckId.REPLICATION_SLOT, sev, "slot " + r.name(), ev("retained_bytes", retained,
                    "inactive", inactive ? 1 : 0),
                    "Replication slot " + r.name() + " (" + r.detail() + ") is " + (inactive ? "inactive" : "active")
                            + " and holds " + Fmt.bytes(retained) + " of WAL on this server"
                            + (walStatus.isEmpty() ? "" : " (wal_status " + walStatus + ")") + ". A slot nobody reads"
                            + " keeps WAL forever and fills the disk; it also holds back vacuum when it has a"
                            + " catalog_xmin. Drop it if its consumer is gone.",
                    "SELECT pg_drop_replication_slot(" + literal(r.name()) + ");");
        }
    }

    private static void archiver(Rows.Replication r, Collector out) {
        double failed = r.bytes().orElse(0);
        if (failed <= 0 || !"true".equals(r.flag())) {
            return;
        }
        out.add(CheckId.WAL_ARCHIVER, Severity.HIGH, "archiver",
                ev("failed_count", failed, "seconds_since_failure", r.seconds().isPresent() ? r.seconds().getAsDouble() : null,
                        "seconds_since_success", r.seconds2().isPresent() ? r.seconds2().getAsDouble() : null),
                "WAL archiving is failing: the last attempt (" + r.detail() + ") failed"
                        + (r.seconds().isPresent() ? " " + Fmt.seconds(r.seconds().getAsDouble()) + " ago" : "")
                        + " and no segment was archived since. WAL piles up in pg_wal until the disk is full, and"
                        + " point-in-time recovery has a gap. Check archive_command and the server log.",
                null);
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

}
