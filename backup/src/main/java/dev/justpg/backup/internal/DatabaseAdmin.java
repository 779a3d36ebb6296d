package dev.justpg.backup.internal;

import dev.justpg.backup.Endpoint;
import dev.justpg.backup.Manifest;
import dev.justpg.core.Identifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Creates, drops and configures databases through the maintenance database of a server. */
public final class DatabaseAdmin {

    private static final Set<String> LIST_SETTINGS = Set.of("search_path", "temp_tablespaces", "session_preload_libraries",
            "shared_preload_libraries", "local_preload_libraries");

    private final Endpoint maintenance;

    /**
     * @param maintenance an endpoint of the maintenance database (such as {@code postgres})
     */
    public DatabaseAdmin(Endpoint maintenance) {
        this.maintenance = maintenance;
    }

    /**
     * The server's version text.
     *
     * @return such as {@code 15.19}
     */
    public String serverVersion() {
        try (Connection c = Connections.open(maintenance); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version')")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw Connections.failure("could not read the server version of " + maintenance, e);
        }
    }

    /**
     * Whether a database exists.
     *
     * @param name the name
     * @return whether it exists
     */
    public boolean exists(String name) {
        try (Connection c = Connections.open(maintenance);
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw Connections.failure("could not look up database " + name, e);
        }
    }

    /**
     * Creates an empty database from {@code template0}.
     *
     * @param name the name
     */
    public void create(String name) {
        execute("CREATE DATABASE " + Identifier.of(name).quoted() + " TEMPLATE template0", "could not create database " + name);
    }

    /**
     * Drops a database, disconnecting its sessions; nothing when it does not exist.
     *
     * @param name the name
     */
    public void drop(String name) {
        execute("DROP DATABASE IF EXISTS " + Identifier.of(name).quoted() + " WITH (FORCE)", "could not drop database " + name);
    }

    /**
     * Re-applies the original database's owner (when the role exists), comment, settings and grants.
     *
     * @param name the new database
     * @param s the recorded settings
     * @param setOwner whether to change the owner
     * @return the statements run (for the log)
     */
    public List<String> apply(String name, Manifest.DatabaseSettings s, boolean setOwner) {
        String db = Identifier.of(name).quoted();
        List<String> sql = new ArrayList<>();
        try (Connection c = Connections.open(maintenance); Statement st = c.createStatement()) {
            if (setOwner && s.owner() != null && roleExists(c, s.owner())) {
                sql.add("ALTER DATABASE " + db + " OWNER TO " + Identifier.quote(s.owner()));
            }
            if (s.comment() != null) {
                sql.add("COMMENT ON DATABASE " + db + " IS " + literal(s.comment()));
            }
            for (Manifest.Setting set : s.settings()) {
                String target = set.role() == null ? "ALTER DATABASE " + db
                        : "ALTER ROLE " + Identifier.quote(set.role()) + " IN DATABASE " + db;
                if (set.role() != null && !roleExists(c, set.role())) {
                    continue;
                }
                sql.add(target + " SET " + settingName(set.name()) + " TO " + settingValue(set.name(), set.value()));
            }
            if (!s.grants().isEmpty()) {
                sql.add("REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
                for (Manifest.Grant g : s.grants()) {
                    if (!g.grantee().equals("PUBLIC") && !roleExists(c, g.grantee())) {
                        continue;
                    }
                    String grantee = g.grantee().equals("PUBLIC") ? "PUBLIC" : Identifier.quote(g.grantee());
                    sql.add("GRANT " + privilege(g.privilege()) + " ON DATABASE " + db + " TO " + grantee
                            + (g.grantable() ? " WITH GRANT OPTION" : ""));
                }
            }
            for (String q : sql) {
                st.execute(q);
            }
        } catch (SQLException e) {
            throw Connections.failure("could not carry the database settings over to " + name, e);
        }
        return sql;
    }

    private static String privilege(String p) {
        return switch (p) {
            case "CONNECT", "CREATE", "TEMPORARY" -> p;
            default -> throw new IllegalArgumentException("unknown database privilege " + p);
        };
    }

    static String settingName(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("\\.", -1)) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(Identifier.quote(part));
        }
        return sb.toString();
    }

    static String settingValue(String name, String value) {
        if (!LIST_SETTINGS.contains(name)) {
            return literal(value);
        }
        // stored as a list of possibly double-quoted names: "$user", public
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                parts.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString().strip());
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(literal(p));
        }
        return sb.toString();
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static boolean roleExists(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void execute(String sql, String what) {
        try (Connection c = Connections.open(maintenance); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw Connections.failure(what, e);
        }
    }
}
