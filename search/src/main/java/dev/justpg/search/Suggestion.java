package dev.justpg.search;

/**
 * A vocabulary word offered to the user (autocomplete).
 *
 * @param word the word, lower-case (and unaccented when the index unaccents)
 * @param rows how many rows contain it (approximate after incremental refreshes, see
 *             {@link SearchIndex#refreshVocabulary()})
 */
public record Suggestion(String word, long rows) {
}
