package dev.justpg.search;

/**
 * How a hit matched. Results are ordered by tier first, then by rank within the tier, then by key.
 * Tiers mirror the "attribute" criterion of hosted search engines: a hit whose top-weight fields
 * match the whole query comes before a hit that needs the lower-weight fields.
 */
public enum MatchTier {
    /** The whole query matches within the fields of the highest weight declared (often the title). */
    PRIMARY(1),
    /** The query matches when all fields are taken together. */
    FULL(2),
    /** The query matches after typo correction from the vocabulary (see {@link SearchResults#correctedQuery()}). */
    CORRECTED(3),
    /** A trigram (pg_trgm) word similarity match on a fuzzy field, ranked by similarity. */
    FUZZY(4);

    private final int order;

    MatchTier(int order) {
        this.order = order;
    }

    /**
     * The position of this tier in the result order, 1 first.
     *
     * @return 1 to 4
     */
    public int order() {
        return order;
    }

    /**
     * The tier of a position.
     *
     * @param order 1 to 4
     * @return the tier
     * @throws IllegalArgumentException when out of range
     */
    public static MatchTier ofOrder(int order) {
        for (MatchTier t : values()) {
            if (t.order == order) {
                return t;
            }
        }
        throw new IllegalArgumentException("match tier order must be 1 to 4, got " + order);
    }
}
