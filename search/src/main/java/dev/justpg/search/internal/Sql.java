package dev.justpg.search.internal;

import dev.justpg.core.Identifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** SQL text with {@code ?} placeholders and the values bound to them, in order. */
public final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    /**
     * Appends trusted SQL text (never user input).
     *
     * @param sql the text
     * @return this
     */
    public Sql a(String sql) {
        text.append(sql);
        return this;
    }

    /**
     * Appends a quoted identifier.
     *
     * @param id the identifier
     * @return this
     */
    public Sql id(Identifier id) {
        text.append(id.quoted());
        return this;
    }

    /**
     * Appends a placeholder and its value.
     *
     * @param value the value
     * @return this
     */
    public Sql bind(Object value) {
        text.append('?');
        params.add(value);
        return this;
    }

    /**
     * Appends another fragment, text and values.
     *
     * @param other the fragment
     * @return this
     */
    public Sql add(Sql other) {
        text.append(other.text);
        params.addAll(other.params);
        return this;
    }

    /**
     * Appends text rendered elsewhere with its values (a jOOQ condition).
     *
     * @param sql the text with placeholders
     * @param values its values
     * @return this
     */
    public Sql add(String sql, List<?> values) {
        text.append(sql);
        params.addAll(values);
        return this;
    }

    /**
     * Registers the value of a placeholder already appended as text.
     *
     * @param value the value
     * @return this
     */
    public Sql addValue(Object value) {
        params.add(value);
        return this;
    }

    /**
     * The SQL text.
     *
     * @return the text
     */
    public String text() {
        return text.toString();
    }

    /**
     * The bound values.
     *
     * @return the values, in order
     */
    public List<Object> params() {
        return Collections.unmodifiableList(params);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
