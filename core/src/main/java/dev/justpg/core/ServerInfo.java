package dev.justpg.core;

import dev.justpg.core.internal.Jdbc;

/**
 * Server version and extension checks for a {@link Database}. The catalog queries run in the
 * transaction the calling thread has open on the database, if any: no second connection needed.
 */
final class ServerInfo {

    private final Database db;
    private volatile ServerVersion version;

    ServerInfo(Database db) {
        this.db = db;
    }

    ServerVersion version() {
        ServerVersion v = version;
        if (v == null) {
            v = db.readCatalog(c -> Jdbc.query(c,
                    "select current_setting('server_version_num')::int, current_setting('server_version')",
                    r -> ServerVersion.of(r.getInt(1), r.getString(2))).get(0));
            version = v;
        }
        return v;
    }

    void requireVersion(int major, String feature) {
        ServerVersion v = version();
        if (!v.atLeast(major)) {
            throw new UnsupportedFeatureException(feature + " needs PostgreSQL " + major + " or newer, but this server is "
                    + v.text() + "; upgrade the server or leave " + feature + " out");
        }
    }

    boolean extensionAvailable(String name) {
        checkName(name);
        return db.readCatalog(c -> Jdbc.query(c,
                "select exists(select 1 from pg_available_extensions where name = ?)",
                r -> r.getBoolean(1), name).get(0));
    }

    boolean extensionInstalled(String name) {
        checkName(name);
        return db.readCatalog(c -> Jdbc.query(c,
                "select exists(select 1 from pg_extension where extname = ?)",
                r -> r.getBoolean(1), name).get(0));
    }

    void ensureExtension(String name) {
        Identifier id = Identifier.of(name);
        if (extensionInstalled(name)) {
            return;
        }
        if (!extensionAvailable(name)) {
            throw new UnsupportedFeatureException("extension " + name + " is not available on this server ("
                    + version().text() + "); install the package that ships it (PostgreSQL contrib, for example"
                    + " Debian's postgresql-contrib or postgresql-" + version().major() + ")"
                    + " on the database server, then retry");
        }
        try {
            db.execute("create extension if not exists " + id.quoted());
        } catch (JustPgException e) {
            String state = e.sqlState().orElse("");
            if (state.equals(SqlStates.UNIQUE_VIOLATION) && extensionInstalled(name)) {
                return; // created concurrently by someone else
            }
            if (state.equals(SqlStates.INSUFFICIENT_PRIVILEGE)) {
                throw new UnsupportedFeatureException("this role may not create extension " + name
                        + "; have an administrator run: CREATE EXTENSION IF NOT EXISTS " + id.quoted(), e);
            }
            throw e;
        }
    }

    private static void checkName(String name) {
        Identifier.of(name);
    }
}
