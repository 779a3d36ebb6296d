package dev.justpg.realtime.internal;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.JustPgException;
import dev.justpg.core.Propagation;
import dev.justpg.core.SqlStates;
import dev.justpg.core.internal.Jdbc;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The table that holds payloads too large for NOTIFY. The publisher inserts the payload in its
 * own transaction and notifies the row id; subscribers read the row by id. Rows are deleted
 * after the retention, at most once a minute, by a publisher that spills.
 */
public final class SpillStore {

    private static final String DUPLICATE_TABLE = "42P07";
    private static final long CLEANUP_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final Database db;
    private final Identifier table;
    private final Duration retention;
    private final String insertSql;
    private final String selectSql;
    private final String cleanupSql;
    private volatile boolean created;
    private final AtomicLong lastCleanup = new AtomicLong(System.nanoTime() - CLEANUP_EVERY_NANOS);

    /**
     * A store over a table.
     *
     * @param db where the table lives
     * @param table the table name
     * @param retention how long rows are kept
     */
    public SpillStore(Database db, Identifier table, Duration retention) {
        this.db = db;
        this.table = table;
        this.retention = retention;
        this.insertSql = "insert into " + table.quoted() + "(channel, payload) values (?, ?) returning id";
        this.selectSql = "select payload from " + table.quoted() + " where id = ?";
        this.cleanupSql = "delete from " + table.quoted() + " where created_at < now() - make_interval(secs => ?)";
    }

    /**
     * The table name.
     *
     * @return the table
     */
    public Identifier table() {
        return table;
    }

    /**
     * The statements that create the table and its index (idempotent).
     *
     * @param table the table name
     * @return the DDL statements
     */
    public static List<String> ddl(Identifier table) {
        return List.of("create table if not exists " + table.quoted() + " ("
                        + "id bigint generated always as identity primary key, "
                        + "channel text not null, "
                        + "payload text not null, "
                        + "created_at timestamptz not null default now())",
                "create index if not exists " + Identifier.quote(table.withSuffix("_created_idx").name())
                        + " on " + table.quoted() + " (created_at)");
    }

    /** Creates the table if needed, in its own transaction (once per store). */
    public void ensureTable() {
        if (created) {
            return;
        }
        try {
            // Its own transaction even when the publisher's transaction is open on this thread:
            // joining it would tie the table to the caller's commit and spoil it on a lost race.
            db.useTransaction(db.defaultOptions().withPropagation(Propagation.REQUIRES_NEW), tx -> {
                for (String sql : ddl(table)) {
                    tx.update(sql);
                }
            });
        } catch (JustPgException e) {
            // Two sessions creating the table at once: one of them loses with a unique violation.
            String state = e.sqlState().orElse("");
            if (!state.equals(SqlStates.UNIQUE_VIOLATION) && !state.equals(DUPLICATE_TABLE)) {
                throw new JustPgException("could not create the spill table " + table + " for oversized payloads: "
                        + e.getMessage() + "; create it in a migration (see PubSub.spillTableDdl) or grant CREATE,"
                        + " or turn spilling off", e);
            }
        }
        created = true;
    }

    /**
     * Stores a payload in the caller's transaction.
     *
     * @param c the caller's connection
     * @param channel the channel name
     * @param payload the payload
     * @return the row id to notify
     */
    public long insert(Connection c, String channel, String payload) {
        ensureTable();
        long id = Jdbc.query(c, insertSql, r -> r.getLong(1), channel, payload).get(0);
        long last = lastCleanup.get();
        long now = System.nanoTime();
        if (now - last >= CLEANUP_EVERY_NANOS && lastCleanup.compareAndSet(last, now)) {
            Jdbc.update(c, cleanupSql, (double) retention.toSeconds());
        }
        return id;
    }

    /**
     * Reads a spilled payload.
     *
     * @param id the row id
     * @return the payload, or empty when the row is gone
     */
    public Optional<String> read(long id) {
        return db.withConnection(c -> Jdbc.query(c, selectSql, r -> r.getString(1), id).stream().findFirst());
    }
}
