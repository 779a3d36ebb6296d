package dev.justpg.backup.pitr;

import dev.justpg.core.Database;
import dev.justpg.core.JustPgException;
import dev.justpg.core.internal.Jdbc;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side WAL archiving: turns it on through {@code ALTER SYSTEM} (saying which settings need a
 * restart), reads the archiver's status, creates named restore points and forces the current WAL
 * file into the archive.
 *
 * <p>{@code configure} needs a superuser (or a role granted {@code ALTER SYSTEM} on the four
 * settings); {@code status} needs only {@code pg_monitor}; restore points and WAL switches need a
 * superuser or the {@code EXECUTE} grant on {@code pg_create_restore_point} and
 * {@code pg_switch_wal}.
 */
public final class WalArchiving {

    /** Default {@code archive_timeout}: at most this much committed work waits outside the archive. */
    public static final Duration DEFAULT_ARCHIVE_TIMEOUT = Duration.ofSeconds(60);

    private WalArchiving() {
    }

    /**
     * Points the server's archiving at an archive: {@code wal_level} at least {@code replica},
     * {@code archive_mode = on} (both need a restart when they change), {@code archive_command} and
     * {@code archive_timeout} (a reload, done here). Settings already right are left alone, so it
     * is idempotent. An {@code archive_library} in use is refused: the two cannot be combined.
     *
     * @param admin a database whose role may run {@code ALTER SYSTEM}
     * @param archive the archive
     * @param archiveTimeout the longest time a WAL file stays unarchived on an idle server (1 s or
     *     more; {@link #DEFAULT_ARCHIVE_TIMEOUT})
     * @return the settings changed and whether a restart is still needed
     * @throws PitrException when the server refuses (the message names the missing privilege)
     */
    public static ArchivingSetup configure(Database admin, WalArchive archive, Duration archiveTimeout) {
        if (archiveTimeout == null || archiveTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("archiveTimeout must be at least 1 second, was " + archiveTimeout);
        }
        Map<String, String[]> current = settings(admin, "wal_level", "archive_mode", "archive_command",
                "archive_timeout", "archive_library");
        if (!current.get("archive_library")[0].isEmpty()) {
            throw new PitrException("the server archives through archive_library = '" + current.get("archive_library")[0]
                    + "'; archive_command and archive_library cannot both be set: reset archive_library first"
                    + " (ALTER SYSTEM RESET archive_library) if this archive should replace it");
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        if ("minimal".equals(current.get("wal_level")[0])) {
            wanted.put("wal_level", "replica");
        }
        if ("off".equals(current.get("archive_mode")[0])) {
            wanted.put("archive_mode", "on");
        }
        wanted.put("archive_command", archive.archiveCommand());
        wanted.put("archive_timeout", archiveTimeout.toSeconds() + "s");
        List<SettingChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            String[] now = current.get(e.getKey());
            String nowText = "archive_timeout".equals(e.getKey()) ? now[0] + "s" : now[0];
            // a value written by ALTER SYSTEM but not yet in effect (pending_restart) is written again
            if (nowText.equals(e.getValue()) && !"true".equals(now[2])) {
                continue;
            }
            alterSystem(admin, e.getKey(), e.getValue());
            changes.add(new SettingChange(e.getKey(), now[0], e.getValue(), "postmaster".equals(now[1])));
        }
        admin.withConnection(c -> Jdbc.query(c, "select pg_reload_conf()", r -> r.getBoolean(1)));
        boolean pending = !admin.withConnection(c -> Jdbc.query(c,
                "select name from pg_settings where pending_restart and name in ('wal_level', 'archive_mode')",
                r -> r.getString(1))).isEmpty();
        return new ArchivingSetup(changes, pending);
    }

    private static void alterSystem(Database admin, String name, String value) {
        // ALTER SYSTEM takes no bind parameters: the name is one of four constants above and the
        // value a checked path or a number, quoted as a standard string literal.
        String sql = "alter system set " + name + " = '" + value.replace("'", "''") + "'";
        try {
            admin.execute(sql);
        } catch (JustPgException e) {
            throw new PitrException("ALTER SYSTEM SET " + name + " failed: " + e.getMessage() + "; configure needs a"
                    + " superuser, or GRANT ALTER SYSTEM ON PARAMETER " + name + " TO <role> (PostgreSQL 15+)", e);
        }
    }

    private static Map<String, String[]> settings(Database db, String... names) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, new String[] {"", "sighup", "false"});
        }
        db.withConnection(c -> Jdbc.query(c, "select name, setting, context, pending_restart::text from pg_settings"
                + " where name = any(?)", r -> out.put(r.getString(1), new String[] {r.getString(2), r.getString(3),
                        r.getString(4)}),
                (Object) names));
        return out;
    }

    /**
     * The archiver's state.
     *
     * @param db any database of the server (a {@code pg_monitor} role is enough)
     * @return the status
     */
    public static ArchiverStatus status(Database db) {
        return db.withConnection(c -> Jdbc.query(c, "select current_setting('archive_mode'), archived_count,"
                + " last_archived_wal, last_archived_time, failed_count, last_failed_wal, last_failed_time"
                + " from pg_stat_archiver", r -> new ArchiverStatus(r.getString(1), r.getLong(2),
                        Optional.ofNullable(r.getString(3)), instant(r.getTimestamp(4)), r.getLong(5),
                        Optional.ofNullable(r.getString(6)), instant(r.getTimestamp(7))))).get(0);
    }

    private static Optional<Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

    /**
     * Creates a named restore point, a target for {@link RecoveryTarget#name(String)}.
     *
     * @param db a database of the server, as a superuser or a role allowed to run
     *     {@code pg_create_restore_point}
     * @param name the name (1 to 63 bytes in UTF-8); reuse is allowed but recovery stops at the
     *     first one with that name
     * @return the WAL location of the restore point
     */
    public static Lsn createRestorePoint(Database db, String name) {
        RecoveryTarget.name(name); // validates
        return Lsn.parse(db.withConnection(c -> Jdbc.query(c, "select pg_create_restore_point(?)::text",
                r -> r.getString(1), name)).get(0));
    }

    /**
     * Closes the current WAL file so the archiver copies it now (on an idle server that file would
     * otherwise wait for {@code archive_timeout}) and waits until it is archived.
     *
     * @param db a database of the server, as a role allowed to run {@code pg_switch_wal}
     * @param archive the archive to look in
     * @param timeout how long to wait for the file
     * @return the name of the WAL file that was closed and archived
     * @throws PitrException when it is not archived in time (with the archiver's last failure)
     */
    public static String switchAndAwait(Database db, WalArchive archive, Duration timeout) {
        String file = db.withConnection(c -> Jdbc.query(c,
                "select pg_walfile_name(pg_switch_wal())", r -> r.getString(1))).get(0);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!archive.contains(file)) {
            if (System.nanoTime() > deadline) {
                ArchiverStatus s = status(db);
                throw new PitrException("WAL file " + file + " did not reach the archive " + archive.root() + " within "
                        + timeout + (s.isFailing() ? "; the archiver is failing (last failure " + s.lastFailedWal()
                        .orElse("?") + " at " + s.lastFailedTime().map(Instant::toString).orElse("?")
                        + "): see the server log for archive_command's message" : "; archive_mode is "
                        + s.archiveMode() + ", archived " + s.archivedCount() + " files"));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PitrException("interrupted while waiting for " + file + " to be archived", e);
            }
        }
        return file;
    }
}
