package dev.justpg.backup.internal;

import dev.justpg.backup.Backup;
import dev.justpg.backup.BackupException;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.Manifest;
import dev.justpg.backup.RestoreOptions;
import dev.justpg.backup.RestoreResult;
import dev.justpg.core.Identifier;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification drill: checksums, restore into a scratch database, ANALYZE, row counts and
 * sequences against the manifest, sequences not behind their columns, drop the scratch database.
 */
public final class Drill {

    private static final Logger LOG = LoggerFactory.getLogger(Drill.class);

    private static final String OWNED_SEQUENCES = """
            SELECT sn.nspname, s.relname, tn.nspname, t.relname, a.attname
              FROM pg_depend d
              JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
              JOIN pg_namespace sn ON sn.oid = s.relnamespace
              JOIN pg_class t ON t.oid = d.refobjid
              JOIN pg_namespace tn ON tn.oid = t.relnamespace
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
             WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
               AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
               AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
             ORDER BY 1, 2""";

    private Drill() {
    }

    /**
     * Runs the drill and records the verdict in the backup's manifest.
     *
     * @param ctx the configuration
     * @param backup the backup
     * @param target the server to restore on, or {@code null} for the source server
     * @return the backup with its updated manifest
     */
    public static Backup run(Context ctx, Backup backup, Endpoint target) {
        long t0 = System.nanoTime();
        Manifest m = backup.manifest();
        List<String> problems = new ArrayList<>(Checksums.check(backup.directory(), m));
        long restoreMillis = 0;
        if (problems.isEmpty()) {
            Endpoint server = target != null ? target : ctx.source();
            String scratch = scratchName(m.database());
            DatabaseAdmin admin = ctx.admin(server);
            try {
                RestoreOptions.Builder ro = RestoreOptions.intoNewDatabase(scratch).target(server).carryDatabaseSettings(false);
                RestoreResult r = RestoreRun.run(ctx, backup, ro.build());
                restoreMillis = r.elapsed().toMillis();
                problems.addAll(compare(server.withDatabase(scratch), m));
            } catch (BackupException e) {
                problems.add("restore failed (" + e.kind() + "): " + e.getMessage());
            } finally {
                try {
                    admin.drop(scratch);
                } catch (RuntimeException e) {
                    LOG.warn("could not drop the scratch database {}", scratch, e);
                }
            }
        }
        long total = (System.nanoTime() - t0) / 1_000_000;
        Manifest.Verification v = new Manifest.Verification(problems.isEmpty(), Instant.now(), restoreMillis, total, problems);
        if (v.passed()) {
            LOG.info("backup {} verified: restore {} ms, drill {} ms", m.id(), restoreMillis, total);
        } else {
            LOG.warn("backup {} failed verification: {}", m.id(), problems);
        }
        return ctx.store().updateManifest(backup, m.withVerification(v));
    }

    static String scratchName(String database) {
        String suffix = "_verify_" + Long.toString(System.currentTimeMillis(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(1296), 36);
        String base = database.replaceAll("[^A-Za-z0-9_]", "_");
        if (base.length() + suffix.length() > 63) {
            base = base.substring(0, 63 - suffix.length());
        }
        return base + suffix;
    }

    /**
     * Compares a restored database with the manifest.
     *
     * @param restored the restored database
     * @param m the manifest
     * @return the differences
     */
    public static List<String> compare(Endpoint restored, Manifest m) {
        List<String> problems = new ArrayList<>();
        try (Connection c = Connections.open(restored); Statement st = c.createStatement()) {
            st.execute("ANALYZE");
            Map<String, Boolean> present = new HashMap<>();
            try (ResultSet rs = st.executeQuery(SnapshotCapture.TABLES)) {
                while (rs.next()) {
                    present.put(rs.getString(1) + "." + rs.getString(2), true);
                }
            }
            for (Manifest.TableRows t : m.tables()) {
                if (!present.containsKey(t.qualified())) {
                    problems.add("table " + t.qualified() + " is missing after restore (manifest: " + t.rows() + " rows)");
                    continue;
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + Identifier.of(t.schema(), t.name()).quoted())) {
                    rs.next();
                    long n = rs.getLong(1);
                    if (n != t.rows()) {
                        problems.add("table " + t.qualified() + " has " + n + " rows after restore, the manifest says " + t.rows());
                    }
                }
            }
            for (Manifest.SequenceValue s : m.sequences()) {
                if (!present.containsKey(s.qualified())) {
                    problems.add("sequence " + s.qualified() + " is missing after restore");
                    continue;
                }
                try (ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + Identifier.of(s.schema(), s.name()).quoted())) {
                    rs.next();
                    long next = rs.getBoolean(2) ? rs.getLong(1) + 1 : rs.getLong(1);
                    long expected = s.isCalled() ? s.lastValue() + 1 : s.lastValue();
                    if (next < expected) {
                        problems.add("sequence " + s.qualified() + " would hand out " + next + " after restore, the backup had reached " + expected);
                    }
                }
            }
            List<String[]> owned = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(OWNED_SEQUENCES)) {
                while (rs.next()) {
                    owned.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
            for (String[] o : owned) {
                String seq = Identifier.of(o[0], o[1]).quoted();
                String sql = "SELECT (SELECT max(" + Identifier.quote(o[4]) + ")::bigint FROM " + Identifier.of(o[2], o[3]).quoted()
                        + "), last_value, is_called FROM " + seq;
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    long max = rs.getLong(1);
                    if (rs.wasNull()) {
                        continue;
                    }
                    long next = rs.getBoolean(3) ? rs.getLong(2) + 1 : rs.getLong(2);
                    if (next <= max) {
                        problems.add("sequence " + o[0] + "." + o[1] + " would hand out " + next + " but " + o[2] + "." + o[3] + "."
                                + o[4] + " already holds " + max + " (inserts would fail with duplicate keys)");
                    }
                }
            }
        } catch (SQLException e) {
            problems.add("comparing the restored database failed: " + e.getMessage());
        }
        return problems;
    }
}
