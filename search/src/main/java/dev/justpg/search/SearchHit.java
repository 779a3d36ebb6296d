package dev.justpg.search;

import java.util.Map;
import java.util.Objects;

/**
 * One hit.
 *
 * @param key the row's key, as the JDBC driver returns it ({@code Long} for {@code bigint}...)
 * @param tier how it matched
 * @param rank its rank within the tier ({@code ts_rank}/{@code ts_rank_cd}, or trigram word
 *             similarity for {@link MatchTier#FUZZY}); higher is better
 * @param highlights field name to its {@code ts_headline} fragment, for the fields asked with
 *                   {@link SearchQuery#highlight(String...)}; empty otherwise
 * @param row the row mapped by the caller's mapper
 * @param <T> the row type
 */
public record SearchHit<T>(Object key, MatchTier tier, float rank, Map<String, String> highlights, T row) {

    /**
     * Validates.
     *
     * @param key the key
     * @param tier the tier
     * @param rank the rank
     * @param highlights the highlights
     * @param row the row
     */
    public SearchHit {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(tier, "tier must not be null");
        highlights = Map.copyOf(highlights);
    }

    /**
     * The cursor that points just after this hit.
     *
     * @return the cursor
     */
    public Cursor cursor() {
        return Cursor.of(tier, rank, key);
    }

    /**
     * The key as a given type.
     *
     * @param type the expected type
     * @param <K> the type
     * @return the key
     * @throws ClassCastException when the key is of another type
     */
    public <K> K key(Class<K> type) {
        return type.cast(key);
    }
}
