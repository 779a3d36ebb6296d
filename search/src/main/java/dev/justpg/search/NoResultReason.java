package dev.justpg.search;

/** Why a search returned no hits. Odd input is never an error: it is one of these reasons. */
public enum NoResultReason {
    /** The input has no letters or digits (empty, blank, punctuation, emoji only). No SQL was run. */
    EMPTY_INPUT,
    /** Every word is a stop word of the text search configuration ("the", "of"...). */
    ONLY_STOP_WORDS,
    /** The query only excludes ({@code -word}); it must also say what to look for. */
    ONLY_EXCLUSIONS,
    /** The query is searchable and nothing matches it (nor its typo correction, when enabled). */
    NO_MATCH,
    /** A previous page was the last one. */
    NO_MORE_PAGES
}
