package dev.justpg.diagnostics.internal;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks the catalog for the partitioned table at the top of a partition's tree; remembers the answers. */
public final class PartitionCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionCatalog.class);
    private static final String SQL = "select n.nspname, c.relname from pg_class c"
            + " join pg_namespace n on n.oid = c.relnamespace"
            + " where c.oid = pg_partition_root(to_regclass(?)) and c.oid <> to_regclass(?) and c.relkind = 'p'";

    private final Database database;
    private final Map<String, Optional<String[]>> answers = new HashMap<>();

    /**
     * A lookup on this database.
     *
     * @param database the database
     */
    public PartitionCatalog(Database database) {
        this.database = database;
    }

    /**
     * The partitioned table at the top of the table's partition tree.
     *
     * @param schema the table's schema, or null for the search path
     * @param table the table
     * @return its (schema, name), or empty when it is not a partition or the catalog cannot be read
     */
    public Optional<String[]> root(String schema, String table) {
        String name;
        try {
            name = schema == null ? Identifier.of(table).quoted() : Identifier.of(schema, table).quoted();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return answers.computeIfAbsent(name, this::ask);
    }

    private Optional<String[]> ask(String name) {
        try {
            return database.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(SQL)) {
                    ps.setString(1, name);
                    ps.setString(2, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)})
                                : Optional.<String[]>empty();
                    }
                }
            });
        } catch (SQLException | RuntimeException e) {
            LOG.debug("cannot look up the partitioned table of {}: {}", name, e.toString());
            return Optional.empty();
        }
    }
}
