package dev.justpg.diagnostics.health.internal;

import static dev.justpg.diagnostics.health.internal.Collector.ev;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;

/**
 * Settings that risk data or performance. Without the machine's memory (the builder's
 * {@code machineMemory}) only what is wrong on any machine is reported.
 */
final class ConfigChecks {

    private static final long MB = 1024L * 1024;

    private ConfigChecks() {
    }

    static void run(Snapshot s, long machineMemory, Collector out) {
        off(s, out, "fsync", Severity.CRITICAL, "fsync is off: a crash or power loss can corrupt the whole cluster,"
                + " not just lose recent commits. Only acceptable for throw-away data (tests, bulk loads you can redo).");
        off(s, out, "full_page_writes", Severity.HIGH, "full_page_writes is off: a crash in the middle of a page"
                + " write leaves a torn page that WAL replay cannot repair (unless the file system guarantees atomic"
                + " 8 kB writes).");
        off(s, out, "autovacuum", Severity.HIGH, "autovacuum is off: dead rows accumulate, statistics go stale, and"
                + " only the emergency anti-wraparound vacuum still runs.");
        off(s, out, "track_counts", Severity.HIGH, "track_counts is off: autovacuum has no statistics to decide what to"
                + " vacuum, and this report's table checks see nothing.");
        long shared = s.bytes("shared_buffers");
        if (shared > 0 && shared <= 128 * MB) {
            boolean knownMachine = machineMemory > 0;
            out.add(CheckId.CONFIGURATION, knownMachine && machineMemory >= 2048 * MB ? Severity.MEDIUM : Severity.INFO,
                    "setting shared_buffers", ev("shared_buffers_bytes", shared, "machine_memory_bytes",
                            knownMachine ? machineMemory : null),
                    "shared_buffers is " + Fmt.bytes(shared) + ", the compiled-in default. The PostgreSQL manual suggests"
                            + " about 25% of the machine's memory on a dedicated server"
                            + (knownMachine ? " (" + Fmt.bytes(machineMemory / 4) + " here)" : "") + ".",
                    knownMachine ? "ALTER SYSTEM SET shared_buffers = '" + (machineMemory / 4 / MB) + "MB'; -- restart needed"
                            : null);
        } else if (shared > 0 && machineMemory > 0 && shared > machineMemory / 2) {
            out.add(CheckId.CONFIGURATION, Severity.MEDIUM, "setting shared_buffers",
                    ev("shared_buffers_bytes", shared, "machine_memory_bytes", machineMemory),
                    "shared_buffers is " + Fmt.bytes(shared) + ", more than half of the machine's " + Fmt.bytes(machineMemory)
                            + ": little is left for the OS cache, work_mem and connections.",
                    "ALTER SYSTEM SET shared_buffers = '" + (machineMemory / 4 / MB) + "MB'; -- restart needed");
        }
        long workMem = s.bytes("work_mem");
        if (workMem > 0 && workMem < 4 * MB) {
            out.add(CheckId.CONFIGURATION, Severity.LOW, "setting work_mem", ev("work_mem_bytes", workMem),
                    "work_mem is " + Fmt.bytes(workMem) + ", below the 4 MB default: sorts and hashes spill to disk early.",
                    "ALTER SYSTEM SET work_mem = '4MB'; SELECT pg_reload_conf();");
        }
        long cache = s.bytes("effective_cache_size");
        if (cache > 0 && shared > 0 && cache < shared) {
            out.add(CheckId.CONFIGURATION, Severity.LOW, "setting effective_cache_size",
                    ev("effective_cache_size_bytes", cache, "shared_buffers_bytes", shared),
                    "effective_cache_size (" + Fmt.bytes(cache) + ") is below shared_buffers (" + Fmt.bytes(shared)
                            + "); it should count shared_buffers plus the OS cache, usually 50-75% of memory. Too"
                            + " low makes the planner avoid index scans.",
                    machineMemory > 0 ? "ALTER SYSTEM SET effective_cache_size = '" + (machineMemory * 3 / 4 / MB)
                            + "MB'; SELECT pg_reload_conf();" : null);
        }
        double rpc = s.number("random_page_cost", -1);
        if (rpc >= 4) {
            out.add(CheckId.CONFIGURATION, Severity.INFO, "setting random_page_cost", ev("random_page_cost", rpc),
                    "random_page_cost is " + rpc + ", tuned for spinning disks. On SSD or cloud block storage 1.1 lets"
                            + " the planner choose index scans where they are cheaper.",
                    "ALTER SYSTEM SET random_page_cost = 1.1; SELECT pg_reload_conf();");
        }
    }

    private static void off(Snapshot s, Collector out, String name, Severity sev, String text) {
        if ("off".equals(s.setting(name))) {
            out.add(CheckId.CONFIGURATION, sev, "setting " + name, ev(), text,
                    "ALTER SYSTEM SET " + name + " = on; SELECT pg_reload_conf();");
        }
    }
}
