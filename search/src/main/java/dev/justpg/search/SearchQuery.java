package dev.justpg.search;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;

/**
 * What to search for: the user's text as typed, and how to rank and page. Immutable; each
 * {@code with}-style method returns a copy.
 *
 * <p>The text is never SQL: any string is accepted (see {@link SearchIndex} for the syntax and the
 * limits) and reaches the server only as a bind value.
 */
public final class SearchQuery {

    /** Hits per page unless {@link #limit(int)} says otherwise: {@value}. */
    public static final int DEFAULT_LIMIT = 10;

    /** The largest page: {@value}. */
    public static final int MAX_LIMIT = 1000;

    private final String text;
    private final int limit;
    private final boolean prefix;
    private final boolean exact;
    private final boolean fuzzy;
    private final List<String> highlight;
    private final Condition filter;
    private final Cursor after;

    private SearchQuery(String text, int limit, boolean prefix, boolean exact, boolean fuzzy,
                        List<String> highlight, Condition filter, Cursor after) {
        this.text = text;
        this.limit = limit;
        this.prefix = prefix;
        this.exact = exact;
        this.fuzzy = fuzzy;
        this.highlight = highlight;
        this.filter = filter;
        this.after = after;
    }

    /**
     * A query for the user's text, {@value #DEFAULT_LIMIT} hits, no prefix match, bounded ranking,
     * typo tolerance on.
     *
     * @param text the text as typed; null is treated as empty
     * @return the query
     */
    public static SearchQuery of(String text) {
        return new SearchQuery(text == null ? "" : text, DEFAULT_LIMIT, false, false, true, List.of(), null, null);
    }

    /**
     * The page size.
     *
     * @param limit 1 to {@value #MAX_LIMIT}
     * @return a copy
     * @throws IllegalArgumentException when out of range
     */
    public SearchQuery limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        return new SearchQuery(text, limit, prefix, exact, fuzzy, highlight, filter, after);
    }

    /**
     * Treat the last word as a prefix when the text does not end with a space (as-you-type search):
     * {@code "wat"} finds "water".
     *
     * @param prefix whether to match the last word as a prefix
     * @return a copy
     */
    public SearchQuery prefix(boolean prefix) {
        return new SearchQuery(text, limit, prefix, exact, fuzzy, highlight, filter, after);
    }

    /**
     * Rank every match (exhaustive ranking): the order is then exactly tier, rank, key over all
     * matching rows, at a cost proportional to the number of matches. See {@link SearchIndex} for
     * what the default bounded ranking trades away.
     *
     * @return a copy
     */
    public SearchQuery exact() {
        return exact(true);
    }

    /**
     * Chooses exhaustive ({@code true}) or bounded ({@code false}, the default) ranking.
     *
     * @param exact whether to rank every match
     * @return a copy
     */
    public SearchQuery exact(boolean exact) {
        return new SearchQuery(text, limit, prefix, exact, fuzzy, highlight, filter, after);
    }

    /**
     * Typo tolerance: when a page is not full, add hits for the typo-corrected query and trigram
     * matches on the fuzzy fields. On by default.
     *
     * @param fuzzy whether to tolerate typos
     * @return a copy
     */
    public SearchQuery fuzzy(boolean fuzzy) {
        return new SearchQuery(text, limit, prefix, exact, fuzzy, highlight, filter, after);
    }

    /**
     * Fields to highlight with {@code ts_headline}, computed only for the returned page.
     *
     * @param fields names of indexed fields
     * @return a copy
     */
    public SearchQuery highlight(String... fields) {
        for (String f : fields) {
            Objects.requireNonNull(f, "highlight field must not be null");
        }
        return new SearchQuery(text, limit, prefix, exact, fuzzy, List.of(fields), filter, after);
    }

    /**
     * Restricts the search to rows that satisfy a jOOQ condition over the table's columns, for
     * example {@code DSL.field("category").eq("tools")}. Its values are bound, never inlined.
     *
     * @param filter the condition, or null for none
     * @return a copy
     */
    public SearchQuery filter(Condition filter) {
        return new SearchQuery(text, limit, prefix, exact, fuzzy, highlight, filter, after);
    }

    /**
     * The next page: hits after the given cursor ({@link SearchResults#nextCursor()}).
     *
     * @param cursor the cursor, or null for the first page
     * @return a copy
     */
    public SearchQuery after(Cursor cursor) {
        return new SearchQuery(text, limit, prefix, exact, fuzzy, highlight, filter, cursor);
    }

    /**
     * The text.
     *
     * @return the text as given
     */
    public String text() {
        return text;
    }

    /**
     * The page size.
     *
     * @return the limit
     */
    public int limit() {
        return limit;
    }

    /**
     * Whether the last word is a prefix.
     *
     * @return the setting
     */
    public boolean isPrefix() {
        return prefix;
    }

    /**
     * Whether ranking is exhaustive.
     *
     * @return the setting
     */
    public boolean isExact() {
        return exact;
    }

    /**
     * Whether typos are tolerated.
     *
     * @return the setting
     */
    public boolean isFuzzy() {
        return fuzzy;
    }

    /**
     * The fields to highlight.
     *
     * @return field names
     */
    public List<String> highlightFields() {
        return highlight;
    }

    /**
     * The filter.
     *
     * @return the condition, if any
     */
    public Optional<Condition> filterCondition() {
        return Optional.ofNullable(filter);
    }

    /**
     * The cursor.
     *
     * @return the cursor, if any
     */
    public Optional<Cursor> cursor() {
        return Optional.ofNullable(after);
    }

    @Override
    public String toString() {
        return "SearchQuery[length=" + text.length() + ", limit=" + limit + ", prefix=" + prefix + ", exact=" + exact
                + ", fuzzy=" + fuzzy + ", highlight=" + highlight + ", filter=" + (filter != null)
                + ", after=" + (after != null) + "]";
    }
}
