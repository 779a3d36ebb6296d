package dev.justpg.backup.internal;

import dev.justpg.backup.DumpOptions;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.Manifest;
import dev.justpg.core.Identifier;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a REPEATABLE READ transaction that exported its snapshot: {@code pg_dump --snapshot} reads
 * the same snapshot, so the row counts taken here describe exactly what was dumped.
 */
public final class SnapshotCapture implements AutoCloseable {

    /**
     * Tables (at partitioned roots) outside the system schemas and extensions that the role may
     * read: a table it may not read makes pg_dump fail with its own "permission denied", while a
     * failed count would abort the transaction whose snapshot pg_dump is importing.
     */
    static final String TABLES = """
            SELECT n.nspname, c.relname, c.relkind,
                   (SELECT tn.nspname || '.' || t.relname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                      JOIN pg_namespace tn ON tn.oid = t.relnamespace
                     WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'S') AND NOT c.relispartition
               AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
               AND n.nspname NOT LIKE 'pg\\_temp%'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
               AND has_table_privilege(c.oid, 'SELECT')
             ORDER BY 1, 2""";

    private final Connection connection;
    private final String snapshot;
    private final String serverVersion;

    private SnapshotCapture(Connection connection, String snapshot, String serverVersion) {
        this.connection = connection;
        this.snapshot = snapshot;
        this.serverVersion = serverVersion;
    }

    /**
     * Opens the transaction and exports its snapshot.
     *
     * @param endpoint the database
     * @return the holder
     */
    public static SnapshotCapture open(Endpoint endpoint) {
        Connection c = Connections.open(endpoint);
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_export_snapshot(), current_setting('server_version')")) {
                rs.next();
                return new SnapshotCapture(c, rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            close(c);
            throw Connections.failure("could not export a snapshot from " + endpoint, e);
        }
    }

    /** @return the snapshot id for {@code pg_dump --snapshot} */
    public String snapshot() {
        return snapshot;
    }

    /** @return the server version text */
    public String serverVersion() {
        return serverVersion;
    }

    /** What the manifest records about the database. */
    public record Contents(List<Manifest.TableRows> tables, List<Manifest.SequenceValue> sequences) {
    }

    /**
     * Counts rows of the tables the options select and reads the sequences.
     *
     * @param options the dump options (filters; row counts on or off)
     * @return the contents
     */
    public Contents contents(DumpOptions options) {
        List<Manifest.TableRows> tables = new ArrayList<>();
        List<Manifest.SequenceValue> sequences = new ArrayList<>();
        try (Statement set = connection.createStatement()) {
            // the counts run beside pg_dump: one core at most, no JIT compilation, so they do not compete with it
            set.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            set.execute("SET LOCAL jit = off");
        } catch (SQLException e) {
            throw Connections.failure("could not prepare the row counts", e);
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TABLES)) {
            List<String[]> rels = new ArrayList<>();
            while (rs.next()) {
                rels.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
            for (String[] r : rels) {
                if (!selected(options, r[0], r[1], r[2].equals("S") ? r[3] : null)) {
                    continue;
                }
                String q = Identifier.of(r[0], r[1]).quoted();
                if (r[2].equals("S")) {
                    try (ResultSet s = st.executeQuery("SELECT last_value, is_called FROM " + q)) {
                        s.next();
                        sequences.add(new Manifest.SequenceValue(r[0], r[1], s.getLong(1), s.getBoolean(2), r[3]));
                    }
                } else if (options.rowCounts() && !options.schemaOnly()) {
                    try (ResultSet s = st.executeQuery("SELECT count(*) FROM " + q)) {
                        s.next();
                        tables.add(new Manifest.TableRows(r[0], r[1], s.getLong(1)));
                    }
                }
            }
        } catch (SQLException e) {
            throw Connections.failure("could not count rows in the dump's snapshot", e);
        }
        return new Contents(tables, sequences);
    }

    static boolean selected(DumpOptions o, String schema, String name, String sequenceOwner) {
        Identifier id = Identifier.of(schema, name);
        if (o.excludeTables().contains(id) || o.excludeSchemas().contains(schema)) {
            return false;
        }
        if (!o.includeTables().isEmpty()) {
            Identifier owner = sequenceOwner == null ? id : Identifier.parse(sequenceOwner);
            return o.includeTables().contains(owner);
        }
        return o.includeSchemas().isEmpty() || o.includeSchemas().contains(schema);
    }

    /**
     * Reads the database's owner, comment, per-database settings and grants.
     *
     * @return the settings
     */
    public Manifest.DatabaseSettings databaseSettings() {
        try {
            String owner;
            String comment;
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT pg_get_userbyid(datdba), shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()")) {
                rs.next();
                owner = rs.getString(1);
                comment = rs.getString(2);
            }
            List<Manifest.Setting> settings = new ArrayList<>();
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT r.rolname, s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
                      LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE d.datname = current_database() ORDER BY 1 NULLS FIRST""")) {
                while (rs.next()) {
                    String role = rs.getString(1);
                    Array arr = rs.getArray(2);
                    for (String entry : (String[]) arr.getArray()) {
                        int eq = entry.indexOf('=');
                        settings.add(new Manifest.Setting(role, entry.substring(0, eq), entry.substring(eq + 1)));
                    }
                }
            }
            List<Manifest.Grant> grants = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type, a.is_grantable
                      FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = current_database() ORDER BY 1, 2""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.add(new Manifest.Grant(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
            return new Manifest.DatabaseSettings(owner, comment, settings, grants);
        } catch (SQLException e) {
            throw Connections.failure("could not read the database settings", e);
        }
    }

    @Override
    public void close() {
        close(connection);
    }

    /**
     * Drops the connection at once, even while another thread's count is running on it (a plain
     * close would wait for that query).
     */
    public void abort() {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // already closed
        }
    }

    private static void close(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // closing anyway
        }
        try {
            c.close();
        } catch (SQLException e) {
            // nothing to do
        }
    }
}
