package dev.justpg.search;

import java.util.List;
import java.util.Optional;

/**
 * One page of hits.
 *
 * @param hits the hits, best first
 * @param nextCursor where the next page starts, empty when this page is the last
 * @param reason why there are no hits, empty when there are hits
 * @param correctedQuery the typo-corrected query when corrected hits were added
 * @param exhaustive whether every match was ranked (always true with {@link SearchQuery#exact()};
 *                   otherwise false when a tier had more matches than the candidate cap and only
 *                   the first candidates were ranked)
 * @param truncatedInput whether the input was cut at the length or term limit
 * @param <T> the row type
 */
public record SearchResults<T>(List<SearchHit<T>> hits, Optional<Cursor> nextCursor,
                               Optional<NoResultReason> reason, Optional<String> correctedQuery,
                               boolean exhaustive, boolean truncatedInput) {

    /**
     * Copies the list.
     *
     * @param hits the hits
     * @param nextCursor the next cursor
     * @param reason the reason
     * @param correctedQuery the corrected query
     * @param exhaustive whether ranking was exhaustive
     * @param truncatedInput whether the input was cut
     */
    public SearchResults {
        hits = List.copyOf(hits);
    }

    /**
     * Whether there are no hits.
     *
     * @return true when {@link #hits()} is empty
     */
    public boolean isEmpty() {
        return hits.isEmpty();
    }

    /**
     * The mapped rows, best first.
     *
     * @return the rows
     */
    public List<T> rows() {
        return hits.stream().map(SearchHit::row).toList();
    }
}
