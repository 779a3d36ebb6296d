package dev.justpg.backup;

import java.util.Objects;

/**
 * One entry of an archive's table of contents ({@code pg_restore -l}).
 *
 * @param id the dump id (the number before {@code ;})
 * @param type the entry type, which may contain spaces ({@code TABLE DATA}, {@code FK CONSTRAINT})
 * @param schema the schema, or an empty string ({@code -} in the listing)
 * @param name the tag: an object name, or for a constraint {@code table constraint}
 * @param owner the owner, or an empty string
 * @param line the listing line as printed, used to build {@code -L} list files
 */
public record TocEntry(int id, String type, String schema, String name, String owner, String line) {

    /**
     * Checks the components.
     *
     * @param id see the record description
     * @param type see the record description
     * @param schema see the record description
     * @param name see the record description
     * @param owner see the record description
     * @param line see the record description
     */
    public TocEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(line, "line");
    }

    /**
     * Whether this entry belongs to the given table: the table itself, its data, its defaults,
     * constraints, triggers, policies and comments (pg_restore's listing does not say which table
     * an index belongs to; select indexes by name).
     *
     * @param tableSchema the schema
     * @param table the table name
     * @return whether it belongs
     */
    public boolean belongsToTable(String tableSchema, String table) {
        if (!schema.equals(tableSchema)) {
            return false;
        }
        return switch (type) {
            case "TABLE", "TABLE DATA", "TABLE ATTACH", "ROW SECURITY" -> name.equals(table);
            case "DEFAULT", "CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT", "TRIGGER", "POLICY", "RULE" ->
                    name.startsWith(table + " ");
            case "COMMENT", "ACL", "SECURITY LABEL" -> name.equals("TABLE " + table) || name.startsWith("COLUMN " + table + ".");
            default -> false;
        };
    }
}
