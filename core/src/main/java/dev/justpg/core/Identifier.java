package dev.justpg.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated SQL name (table, column, schema, role, channel...), optionally schema-qualified,
 * always emitted double-quoted.
 *
 * <p>Rules, checked when the identifier is made (each error names the rule it broke):
 * <ul>
 *   <li>a part is not empty and not blank;</li>
 *   <li>a part is at most {@value #MAX_BYTES} bytes in UTF-8 (PostgreSQL's {@code NAMEDATALEN - 1};
 *       the server would silently truncate a longer name);</li>
 *   <li>a part contains no NUL character;</li>
 *   <li>a part passed to {@link #of(String)} contains no {@code '.'}: use {@link #of(String, String)}
 *       or {@link #parse(String)} for a schema-qualified name.</li>
 * </ul>
 *
 * <p>Case: the name is used exactly as given. {@code Identifier.of("Users")} is emitted as
 * {@code "Users"}, which is a different table from the unquoted {@code Users} (which PostgreSQL
 * folds to {@code users}). Use lower-case names to match tables created without quotes.
 *
 * <p>Any other character is allowed and is safe: double quotes inside a name are doubled when
 * emitted, so an identifier can never end the quoted name early.
 */
public final class Identifier {

    /** The maximum length of one name part in bytes (UTF-8): PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_BYTES = 63;

    private final String schema;
    private final String name;

    private Identifier(String schema, String name) {
        this.schema = schema;
        this.name = name;
    }

    /**
     * An unqualified name, such as a column, a role or a table on the search path.
     *
     * @param name the name, exactly as the server should see it
     * @return the identifier
     * @throws IllegalArgumentException when the name breaks a rule (the message names it)
     */
    public static Identifier of(String name) {
        return new Identifier(null, checkPart("name", name, true));
    }

    /**
     * A schema-qualified name.
     *
     * @param schema the schema, exactly as the server should see it
     * @param name the object name, exactly as the server should see it
     * @return the identifier
     * @throws IllegalArgumentException when a part breaks a rule (the message names it)
     */
    public static Identifier of(String schema, String name) {
        return new Identifier(checkPart("schema", schema, false), checkPart("name", name, false));
    }

    /**
     * Parses {@code "table"} or {@code "schema.table"}, splitting on the one dot. Quote characters
     * are taken literally, not as SQL quoting.
     *
     * @param dotted a name with at most one dot
     * @return the identifier
     * @throws IllegalArgumentException when there is more than one dot or a part breaks a rule
     */
    public static Identifier parse(String dotted) {
        Objects.requireNonNull(dotted, "identifier must not be null");
        int dot = dotted.indexOf('.');
        if (dot < 0) {
            return of(dotted);
        }
        if (dotted.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("identifier '" + printable(dotted)
                    + "' has more than one '.': rule 'at most schema.name'; use Identifier.of(schema, name)"
                    + " for names that contain dots");
        }
        return of(dotted.substring(0, dot), dotted.substring(dot + 1));
    }

    /**
     * The schema, when the name is qualified.
     *
     * @return the schema, or empty
     */
    public Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    /**
     * The object name (the last part), unquoted.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * This identifier with another schema.
     *
     * @param newSchema the schema
     * @return a qualified identifier with the same name
     */
    public Identifier inSchema(String newSchema) {
        return new Identifier(checkPart("schema", newSchema, false), name);
    }

    /**
     * A new identifier that appends {@code suffix} to the name (for derived names such as
     * {@code orders_tenant_idx}), checked against the same rules.
     *
     * @param suffix the text to append
     * @return the derived identifier, in the same schema
     * @throws IllegalArgumentException when the derived name breaks a rule (for example it is too long)
     */
    public Identifier withSuffix(String suffix) {
        String derived = name + suffix;
        return schema == null ? of(derived) : of(schema, derived);
    }

    /**
     * The SQL text: each part in double quotes, inner quotes doubled, parts joined by a dot.
     *
     * @return for example {@code "public"."users"}
     */
    public String quoted() {
        return schema == null ? quote(name) : quote(schema) + '.' + quote(name);
    }

    /**
     * The quoted SQL text (the same as {@link #quoted()}), so identifiers can be concatenated safely.
     *
     * @return the quoted SQL text
     */
    @Override
    public String toString() {
        return quoted();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Identifier)) {
            return false;
        }
        Identifier other = (Identifier) o;
        return Objects.equals(schema, other.schema) && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name);
    }

    /**
     * Double-quotes one name part, doubling inner quotes. The part is validated first.
     *
     * @param part a single name part
     * @return the quoted part
     * @throws IllegalArgumentException when the part breaks a rule
     */
    public static String quote(String part) {
        checkPart("name", part, false);
        return '"' + part.replace("\"", "\"\"") + '"';
    }

    private static String checkPart(String what, String part, boolean rejectDot) {
        if (part == null) {
            throw new IllegalArgumentException(what + " must not be null: rule 'not empty'");
        }
        if (part.isBlank()) {
            throw new IllegalArgumentException(what + " '" + part + "' is empty or blank: rule 'not empty'");
        }
        if (part.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + printable(part)
                    + "' contains a NUL character: rule 'no NUL'");
        }
        int bytes = part.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(what + " '" + printable(part) + "' is " + bytes
                    + " bytes in UTF-8: rule 'at most " + MAX_BYTES
                    + " bytes' (PostgreSQL would silently truncate it); choose a shorter name");
        }
        if (rejectDot && part.indexOf('.') >= 0) {
            throw new IllegalArgumentException(what + " '" + printable(part)
                    + "' contains '.': rule 'one part per name'; use Identifier.of(schema, name)"
                    + " or Identifier.parse(\"schema.name\") for a qualified name");
        }
        return part;
    }

    private static String printable(String s) {
        String shown = s.replace("\0", "\\0");
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }
}
