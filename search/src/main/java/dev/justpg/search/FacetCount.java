package dev.justpg.search;

/**
 * The number of matching rows that have one value of a facet column.
 *
 * @param value the value as text ({@code null} for SQL NULL)
 * @param count how many matching rows (among the counted ones, see {@link Facets#capped()}) have it
 */
public record FacetCount(String value, long count) {
}
