package dev.justpg.backup;

import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A database built to exercise logical backups, and a fingerprint of its content. */
final class Fixture {

    private Fixture() {
    }

    static Endpoint endpoint(ConnectionInfo ci) {
        return Endpoint.of(ci.host(), ci.port(), ci.database(), ci.user(), ci.password());
    }

    static Endpoint endpoint(TestDatabase db) {
        return endpoint(db.connectionInfo());
    }

    static Backups backups(TestDatabase db, Path dir) {
        return Backups.builder(endpoint(db)).store(LocalDirectoryStore.of(dir)).build();
    }

    /** Tables, an index, a view, a function, sequences (serial and identity), a partitioned table, grants to a role. */
    static void seed(TestDatabase db, String role) {
        db.execute(
                "CREATE SCHEMA shop",
                "CREATE TABLE shop.customers (id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE)",
                "CREATE TABLE shop.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id int NOT NULL REFERENCES shop.customers(id),"
                        + " total numeric(10,2) NOT NULL, placed_at timestamptz NOT NULL DEFAULT now())",
                "CREATE INDEX orders_customer ON shop.orders (customer_id)",
                "CREATE TABLE public.events (id int NOT NULL, kind text NOT NULL, payload jsonb) PARTITION BY HASH (id)",
                "CREATE TABLE public.events_0 PARTITION OF public.events FOR VALUES WITH (MODULUS 2, REMAINDER 0)",
                "CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES WITH (MODULUS 2, REMAINDER 1)",
                "CREATE SEQUENCE public.invoice_no START 1000",
                "CREATE FUNCTION shop.order_count(c int) RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM shop.orders WHERE customer_id = c'",
                "CREATE VIEW shop.customer_totals AS SELECT c.id, c.name, sum(o.total) AS total FROM shop.customers c JOIN shop.orders o ON o.customer_id = c.id GROUP BY c.id, c.name",
                "INSERT INTO shop.customers (name, email) SELECT 'customer ' || g, 'c' || g || '@example.org' FROM generate_series(1, 300) g",
                "INSERT INTO shop.orders (customer_id, total) SELECT 1 + g % 300, (g % 1000) / 10.0 FROM generate_series(1, 2000) g",
                "INSERT INTO public.events SELECT g, 'k' || (g % 5), jsonb_build_object('n', g) FROM generate_series(1, 500) g",
                "SELECT nextval('public.invoice_no') FROM generate_series(1, 7)",
                "GRANT USAGE ON SCHEMA shop TO " + role,
                "GRANT SELECT ON shop.customers TO " + role,
                "GRANT SELECT, INSERT ON shop.orders TO " + role,
                "COMMENT ON TABLE shop.orders IS 'every order'");
    }

    /** Row count and md5 of every table, every sequence's state, grants, indexes: equal fingerprints mean equal content. */
    static Map<String, String> fingerprint(Endpoint e) {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = connect(e); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            List<String> seqs = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT format('%I.%I', n.nspname, c.relname), c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r','S') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1")) {
                while (rs.next()) {
                    (rs.getString(2).equals("S") ? seqs : tables).add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM " + t + " x")) {
                    rs.next();
                    out.put(t, rs.getLong(1) + " rows " + rs.getString(2));
                }
            }
            for (String s : seqs) {
                try (ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + s)) {
                    rs.next();
                    out.put(s, rs.getLong(1) + "/" + rs.getBoolean(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT string_agg(format('%s.%s:%s:%s', table_schema, table_name, grantee, privilege_type), ',' ORDER BY table_schema, table_name, grantee, privilege_type)"
                    + " FROM information_schema.role_table_grants WHERE table_schema = 'shop' AND grantee NOT IN ('postgres', 'PUBLIC')")) {
                rs.next();
                out.put("grants", String.valueOf(rs.getString(1)));
            }
            try (ResultSet rs = st.executeQuery("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname IN ('shop', 'public')")) {
                rs.next();
                out.put("indexes", rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT shop.order_count(1), (SELECT count(*) FROM shop.customer_totals)")) {
                rs.next();
                out.put("function+view", rs.getLong(1) + "/" + rs.getLong(2));
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return out;
    }

    static Connection connect(Endpoint e) throws SQLException {
        return DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password().orElse(null));
    }

    static void sql(Endpoint e, String... statements) {
        try (Connection c = connect(e); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String queryOne(Endpoint e, String sql) {
        try (Connection c = connect(e); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
