package dev.justpg.search;

import java.util.Objects;

/**
 * The position after a hit, for keyset pagination: pass it to {@link SearchQuery#after(Cursor)}
 * to get the next page. It holds the order of the last hit (tier, rank, key), so the next page
 * costs the same as the first whatever its depth.
 *
 * @param tier the last hit's tier
 * @param rank the last hit's rank, exactly as the server computed it
 * @param key the last hit's key
 */
public record Cursor(MatchTier tier, float rank, Object key) {

    /**
     * Validates.
     *
     * @param tier the tier
     * @param rank the rank
     * @param key the key
     */
    public Cursor {
        Objects.requireNonNull(tier, "tier must not be null");
        Objects.requireNonNull(key, "key must not be null");
    }

    /**
     * A cursor.
     *
     * @param tier the tier
     * @param rank the rank
     * @param key the key
     * @return the cursor
     */
    public static Cursor of(MatchTier tier, float rank, Object key) {
        return new Cursor(tier, rank, key);
    }
}
