package dev.justpg.search;

import dev.justpg.search.internal.IndexSpec;
import dev.justpg.search.internal.InputParser;
import dev.justpg.search.internal.ParsedInput;
import dev.justpg.search.internal.QuerySql;
import dev.justpg.search.internal.Sql;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Full-text and trigram helpers for your own jOOQ queries, on any tsvector or text column. User
 * text is parsed like {@link SearchIndex} input (websearch syntax, never an error) and always bound.
 *
 * <pre>{@code
 * Field<Object> tsv = DSL.field("search_tsv");
 * ctx.select(ID, TITLE, SearchDsl.rank(tsv, "english", input))
 *    .from(POSTS)
 *    .where(SearchDsl.matches(tsv, "english", input))
 *    .orderBy(SearchDsl.rank(tsv, "english", input).desc(), ID)
 *    .limit(10);
 * }</pre>
 */
public final class SearchDsl {

    private static final Pattern CONFIG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final InputParser PARSER =
            new InputParser(SearchIndex.DEFAULT_MAX_INPUT_CHARS, SearchIndex.DEFAULT_MAX_TERMS);

    private SearchDsl() {
    }

    private static QuerySql sql(String config) {
        if (config == null || !CONFIG_NAME.matcher(config).matches()) {
            throw new IllegalArgumentException("config: '" + config + "' is not a text search configuration name");
        }
        IndexSpec spec = new IndexSpec(dev.justpg.core.Identifier.of("t"), "id",
                java.util.List.of(new dev.justpg.search.internal.FieldSpec("f", Weight.A)), java.util.List.of(config),
                null, false, java.util.List.of(), "search_tsv", SearchIndex.DEFAULT_RANKING,
                SearchIndex.DEFAULT_NORMALIZATION, new float[] {0.1f, 0.2f, 0.4f, 1.0f}, 1, 1, 0.3, false, "", 512, 32, false);
        return new QuerySql(spec);
    }

    /**
     * The tsquery of the user's text, as a jOOQ field.
     *
     * @param config the text search configuration
     * @param text the user's text
     * @param prefix whether the last word is also a prefix
     * @return the tsquery (an empty tsquery when nothing is searchable)
     */
    public static Field<Object> tsquery(String config, String text, boolean prefix) {
        ParsedInput in = PARSER.parse(text, prefix);
        if (in.isEmpty()) {
            return DSL.field("''::tsquery");
        }
        Sql s = sql(config).tsquery(in, in.websearch());
        return DSL.field(s.text(), Object.class, s.params().toArray());
    }

    /**
     * {@code tsvector @@ query}: the row matches the user's text.
     *
     * @param tsvector a tsvector column or expression (indexed with GIN for speed)
     * @param config the text search configuration
     * @param text the user's text
     * @return the condition ({@code FALSE} when nothing is searchable)
     */
    public static Condition matches(Field<?> tsvector, String config, String text) {
        if (PARSER.parse(text, false).isEmpty()) {
            return DSL.falseCondition();
        }
        return DSL.condition("{0} @@ {1}", tsvector, tsquery(config, text, false));
    }

    /**
     * {@code ts_rank_cd(tsvector, query, 1)}: the rank of the row for the user's text.
     *
     * @param tsvector a tsvector column or expression
     * @param config the text search configuration
     * @param text the user's text
     * @return the rank
     */
    public static Field<Float> rank(Field<?> tsvector, String config, String text) {
        return DSL.field("ts_rank_cd({0}, {1}, 1)", SQLDataType.REAL, tsvector, tsquery(config, text, false));
    }

    /**
     * {@code ts_headline(config, document, query, options)} for the user's text. Compute it only
     * for the rows you return (in the outer query of a LIMIT), it reads the whole document. The
     * result is not HTML-escaped.
     *
     * @param config the text search configuration
     * @param document the text column
     * @param text the user's text
     * @return the highlighted fragment
     */
    public static Field<String> headline(String config, Field<String> document, String text) {
        return DSL.field("ts_headline({0}::regconfig, coalesce({1}, ''), {2}, {3})", SQLDataType.VARCHAR,
                DSL.val(config), document, tsquery(config, text, false), DSL.val(SearchIndex.DEFAULT_HIGHLIGHT_OPTIONS));
    }

    /**
     * {@code similarity(field, text)} (pg_trgm): 0 to 1.
     *
     * @param field a text column
     * @param text the text
     * @return the similarity
     */
    public static Field<Float> similarity(Field<String> field, String text) {
        return DSL.field("similarity({0}, {1})", SQLDataType.REAL, field, DSL.val(clean(text)));
    }

    /**
     * {@code word_similarity(text, field)} (pg_trgm): how well the text matches some part of the field.
     *
     * @param field a text column
     * @param text the text
     * @return the similarity, 0 to 1
     */
    public static Field<Float> wordSimilarity(Field<String> field, String text) {
        return DSL.field("word_similarity({0}, {1})", SQLDataType.REAL, DSL.val(clean(text)), field);
    }

    /**
     * {@code field % text}: similarity above {@code pg_trgm.similarity_threshold}; uses a
     * {@code gin_trgm_ops} index on the field. Set the threshold per transaction with
     * {@code SELECT set_config('pg_trgm.similarity_threshold', '0.4', true)}.
     *
     * @param field a text column
     * @param text the text
     * @return the condition
     */
    public static Condition similar(Field<String> field, String text) {
        return DSL.condition("{0} % {1}", field, DSL.val(clean(text)));
    }

    /**
     * {@code text <% field}: word similarity above {@code pg_trgm.word_similarity_threshold};
     * uses a {@code gin_trgm_ops} index on the field.
     *
     * @param field a text column
     * @param text the text
     * @return the condition
     */
    public static Condition wordSimilar(Field<String> field, String text) {
        return DSL.condition("{0} <% {1}", DSL.val(clean(text)), field);
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace('\0', ' ');
    }
}
