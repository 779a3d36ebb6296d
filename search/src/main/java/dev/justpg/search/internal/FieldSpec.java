package dev.justpg.search.internal;

import dev.justpg.core.Identifier;
import dev.justpg.search.Weight;

/**
 * A text column of the index and its weight.
 *
 * @param name the column name
 * @param weight its weight
 */
public record FieldSpec(String name, Weight weight) {

    /**
     * The column as an identifier.
     *
     * @return the identifier
     */
    public Identifier id() {
        return Identifier.of(name);
    }
}
