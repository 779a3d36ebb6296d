package dev.justpg.search;

import java.util.List;
import java.util.Map;

/**
 * Facet counts over the rows that match a query.
 *
 * @param counts column name to its most frequent values, most frequent first
 * @param counted how many matching rows were counted
 * @param capped true when the match set is larger than the facet cap: the counts then cover only
 *               the first {@code counted} matching rows in table order (a sample, not the whole)
 */
public record Facets(Map<String, List<FacetCount>> counts, long counted, boolean capped) {

    /**
     * Copies the map.
     *
     * @param counts the counts
     * @param counted rows counted
     * @param capped whether the cap was reached
     */
    public Facets {
        counts = Map.copyOf(counts);
    }
}
