package dev.justpg.realtime.internal;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.JustPgException;
import dev.justpg.core.SqlStates;
import dev.justpg.core.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The table that holds payloads too large for NOTIFY. The publisher inserts the payload in its
 * own transaction, with the row's expiry ({@code expires_at}: now plus the publisher's
 * retention), and notifies the row id; subscribers read the row by id.
 *
 * <p>Expired rows are removed by a sweep ({@link #sweepSql()}) that every listening PubSub runs on
 * its own listening connection, off any publisher's transaction; each row's own expiry decides,
 * so a PubSub with a short retention never removes a row another one keeps longer.
 *
 * <p>The table is created (or migrated: the {@code expires_at} column added to a table of the
 * earlier shape) by the explicit install step ({@link #install()}), by a migration running
 * {@link #ddl}, or at the first spill on the publisher's own connection: in autocommit mode
 * directly, inside a transaction under a savepoint (it then commits with that transaction).
 */
public final class SpillStore {

    private static final String DUPLICATE_TABLE = "42P07";
    private static final String DUPLICATE_OBJECT = "42710";
    /** Rows deleted per statement of a sweep. */
    static final int SWEEP_BATCH = 1000;

    private final Database db;
    private final Identifier table;
    private final Duration retention;
    private final String insertSql;
    private final String selectSql;
    private final String installedSql;
    private final String sweepSql;
    private volatile boolean installed;
    /** The transaction that created the table on a publisher's connection, until seen committed; or 0. */
    private volatile long creatorTxid;

    /**
     * A store over a table.
     *
     * @param db where the table lives
     * @param table the table name
     * @param retention how long rows this store writes are kept
     */
    public SpillStore(Database db, Identifier table, Duration retention) {
        this.db = db;
        this.table = table;
        this.retention = retention;
        this.insertSql = "insert into " + table.quoted()
                + "(channel, payload, expires_at) values (?, ?, clock_timestamp() + make_interval(secs => ?))"
                + " returning id";
        this.selectSql = "select payload from " + table.quoted() + " where id = ?";
        // Whether the table has its expiry column, and the current transaction's id (if it has one).
        this.installedSql = "select exists (select from pg_attribute where attrelid = to_regclass(?)"
                + " and attname = 'expires_at' and not attisdropped), coalesce(txid_current_if_assigned(), 0)";
        this.sweepSql = sweep(table);
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
     * The statements that create the table and its index, or add the expiry column to a table of
     * the earlier shape (idempotent). Rows of that earlier shape expire one hour after the
     * migration.
     *
     * @param table the table name
     * @return the DDL statements
     */
    public static List<String> ddl(Identifier table) {
        String expires = "expires_at timestamptz not null default (now() + interval '1 hour')";
        return List.of("create table if not exists " + table.quoted() + " ("
                        + "id bigint generated always as identity primary key, "
                        + "channel text not null, "
                        + "payload text not null, "
                        + "created_at timestamptz not null default now(), "
                        + expires + ")",
                "alter table " + table.quoted() + " add column if not exists " + expires,
                "create index if not exists " + Identifier.quote(table.withSuffix("_expires_idx").name())
                        + " on " + table.quoted() + " (expires_at)");
    }

    /**
     * The statement that removes expired rows, in batches of {@link #SWEEP_BATCH}, for about a
     * second at most; a no-op while the table does not exist. It returns no rows (it runs on the
     * listening connection).
     *
     * @return the statement
     */
    public String sweepSql() {
        return sweepSql;
    }

    private static String sweep(Identifier table) {
        String q = table.quoted();
        String tag = "$justpg_sweep$";
        for (int i = 0; q.contains(tag); i++) {
            tag = "$justpg_sweep" + i + "$";
        }
        String literal = "'" + q.replace("'", "''") + "'";
        return "do " + tag + " declare n bigint; started timestamptz := clock_timestamp(); begin"
                + " if to_regclass(" + literal + ") is null then return; end if;"
                + " loop delete from " + q + " where id in (select id from " + q + " where expires_at < now() limit "
                + SWEEP_BATCH + "); get diagnostics n = row_count;"
                + " exit when n < " + SWEEP_BATCH + " or clock_timestamp() > started + interval '1 second'; end loop;"
                + " end " + tag;
    }

    /**
     * Creates or migrates the table now, on one connection in autocommit mode.
     *
     * @throws JustPgException when the role may not create it (run {@link #ddl} in a migration)
     */
    public void install() {
        db.withConnection(c -> {
            installOn(c);
            return null;
        });
    }

    /** Makes sure the table is there, on the publisher's connection. */
    private void ensure(Connection c) {
        if (installed) {
            return;
        }
        long[] state = Jdbc.query(c, installedSql, r -> new long[] {r.getBoolean(1) ? 1 : 0, r.getLong(2)},
                table.quoted()).get(0);
        if (state[0] == 0) {
            installOn(c);
        } else if (creatorTxid == 0 || state[1] != creatorTxid) {
            // Seen outside the transaction that created it: that one committed. Remembered.
            installed = true;
            creatorTxid = 0;
        }
    }

    private void installOn(Connection c) {
        try {
            if (c.getAutoCommit()) {
                try {
                    runDdl(c);
                } catch (JustPgException e) {
                    // Two sessions creating the table at once: one of them loses; the table is there.
                    String state = e.sqlState().orElse("");
                    if (!state.equals(SqlStates.UNIQUE_VIOLATION) && !state.equals(DUPLICATE_TABLE)
                            && !state.equals(DUPLICATE_OBJECT)) {
                        throw e;
                    }
                }
                installed = true;
                return;
            }
            // In the caller's transaction: a failure must not abort it, and success commits with it
            // (so it is not remembered: the transaction may still roll back).
            Savepoint sp = c.setSavepoint();
            try {
                runDdl(c);
                c.releaseSavepoint(sp);
                creatorTxid = Jdbc.query(c, "select txid_current()", r -> r.getLong(1)).get(0);
            } catch (JustPgException e) {
                c.rollback(sp);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(Jdbc.failure("install spill table", e));
        } catch (JustPgException e) {
            throw failure(e);
        }
    }

    private void runDdl(Connection c) {
        for (String sql : ddl(table)) {
            Jdbc.update(c, sql);
        }
    }

    private JustPgException failure(JustPgException e) {
        return new JustPgException("could not create the spill table " + table + " for oversized payloads: "
                + e.getMessage() + "; create it in a migration (PubSub.spillTableDdl) or with"
                + " PubSub.installSpillTable() as a role with CREATE, or turn spilling off", e);
    }

    /**
     * Stores a payload in the caller's transaction, creating the table first if needed (on the
     * same connection).
     *
     * @param c the caller's connection
     * @param channel the channel name
     * @param payload the payload
     * @return the row id to notify
     */
    public long insert(Connection c, String channel, String payload) {
        ensure(c);
        try {
            return Jdbc.query(c, insertSql, r -> r.getLong(1), channel, payload, (double) retention.toSeconds()).get(0);
        } catch (JustPgException e) {
            installed = false; // the table was dropped meanwhile: look again next time
            throw e;
        }
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
