package dev.justpg.search.internal;

import dev.justpg.core.Identifier;
import dev.justpg.search.Ranking;
import dev.justpg.search.Weight;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The validated definition of a search index and the SQL fragments derived from it. Only trusted
 * text (validated identifiers, checked configuration names, numbers) goes into these fragments.
 *
 * @param table the table
 * @param key the key column
 * @param fields the indexed fields
 * @param languages the text search configurations: one fixed configuration, or the ones a
 *                  per-row language column may hold (queries are parsed with each)
 * @param languageColumn the regconfig column, or null for a fixed configuration
 * @param unaccent whether text goes through the IMMUTABLE unaccent wrapper
 * @param fuzzyFields fields with a trigram index for typo-tolerant matching
 * @param tsvColumn the stored tsvector column
 * @param ranking the ranking function
 * @param normalization the ranking normalization bit mask
 * @param weights the weights of D, C, B, A
 * @param candidateCap the candidate cap per tier
 * @param facetCap the facet cap
 * @param similarityThreshold the trigram threshold
 * @param vocabulary whether a vocabulary table exists for typo correction and autocomplete
 * @param headlineOptions the ts_headline options
 * @param maxChars the input length limit
 * @param maxTerms the input term limit
 * @param jit whether searches may use PostgreSQL's JIT compilation
 */
public record IndexSpec(Identifier table, String key, List<FieldSpec> fields, List<String> languages,
                        String languageColumn, boolean unaccent, List<String> fuzzyFields, String tsvColumn,
                        Ranking ranking, int normalization, float[] weights, int candidateCap, int facetCap,
                        double similarityThreshold, boolean vocabulary, String headlineOptions,
                        int maxChars, int maxTerms, boolean jit) {

    /**
     * The key column.
     *
     * @return its identifier
     */
    public Identifier keyId() {
        return Identifier.of(key);
    }

    /**
     * The stored tsvector column.
     *
     * @return its identifier
     */
    public Identifier tsvId() {
        return Identifier.of(tsvColumn);
    }

    /**
     * Whether there are two tiers (fields of more than one weight).
     *
     * @return true when a primary-tier column exists
     */
    public boolean tiered() {
        return fields.stream().map(FieldSpec::weight).distinct().count() > 1;
    }

    /**
     * The highest weight among the fields.
     *
     * @return the weight
     */
    public Weight topWeight() {
        return fields.stream().map(FieldSpec::weight).min(Enum::compareTo).orElseThrow();
    }

    /**
     * The primary-tier tsvector column (fields of the top weight only).
     *
     * @return its identifier, when tiered
     */
    public Optional<Identifier> topId() {
        return tiered() ? Optional.of(Identifier.of(tsvColumn + "_top")) : Optional.empty();
    }

    /**
     * The schema that holds the table (or {@code public} when the table name is not qualified).
     *
     * @return the schema
     */
    public String schema() {
        return table.schema().orElse("public");
    }

    /**
     * The IMMUTABLE unaccent wrapper.
     *
     * @return its identifier
     */
    public Identifier unaccentFunction() {
        return Identifier.of(schema(), "justpg_unaccent");
    }

    /**
     * The vocabulary table.
     *
     * @return its identifier
     */
    public Identifier vocabTable() {
        return table.withSuffix("_search_vocab");
    }

    /**
     * The vocabulary refresh state table.
     *
     * @return its identifier
     */
    public Identifier vocabStateTable() {
        return table.withSuffix("_search_vocab_state");
    }

    /**
     * An index name derived from the table name.
     *
     * @param suffix the suffix
     * @return the unqualified index name
     */
    public Identifier indexName(String suffix) {
        return Identifier.of(table.name() + "_" + suffix);
    }

    /**
     * An index name qualified with the table's schema (for DROP INDEX).
     *
     * @param suffix the suffix
     * @return the qualified name
     */
    public Identifier qualifiedIndexName(String suffix) {
        return Identifier.of(schema(), table.name() + "_" + suffix);
    }

    /**
     * The name of the GIN index on the tsvector column.
     *
     * @return the name
     */
    public Identifier tsvIndex() {
        return indexName(tsvColumn + "_idx");
    }

    /**
     * The name of the GIN index on the primary-tier column.
     *
     * @return the name
     */
    public Identifier topIndex() {
        return indexName(tsvColumn + "_top_idx");
    }

    /**
     * The name of the trigram index of a fuzzy field.
     *
     * @param field the field
     * @return the name
     */
    public Identifier trigramIndex(String field) {
        return indexName(field + "_trgm_idx");
    }

    /**
     * The name of the trigram index of the vocabulary.
     *
     * @return the name
     */
    public Identifier vocabIndex() {
        return Identifier.of(vocabTable().name() + "_word_trgm_idx");
    }

    /**
     * A configuration name as a SQL literal.
     *
     * @param language a checked configuration name
     * @return for example {@code 'english'::regconfig}
     */
    public static String configLiteral(String language) {
        return "'" + language + "'::regconfig";
    }

    /**
     * The configuration of a row, as SQL.
     *
     * @param qualifier a table alias or name to qualify the column with, or null
     * @return the SQL
     */
    public String rowConfig(String qualifier) {
        if (languageColumn == null) {
            return configLiteral(languages.get(0));
        }
        String col = Identifier.quote(languageColumn);
        return "coalesce(" + (qualifier == null ? col : qualifier + "." + col) + ", 'simple'::regconfig)";
    }

    /**
     * Wraps an SQL text expression in the unaccent wrapper when unaccent is on.
     *
     * @param expr the expression
     * @return the expression, unaccented when configured
     */
    public String un(String expr) {
        return unaccent ? unaccentFunction().quoted() + "(" + expr + ")" : expr;
    }

    /**
     * The weighted tsvector expression over some fields, as used in the generated column.
     *
     * @param subset the fields
     * @return the SQL expression
     */
    public String tsvectorExpression(List<FieldSpec> subset) {
        StringBuilder b = new StringBuilder();
        for (FieldSpec f : subset) {
            if (b.length() > 0) {
                b.append(" || ");
            }
            b.append("setweight(to_tsvector(").append(rowConfig(null)).append(", ")
                    .append(un("coalesce(" + f.id().quoted() + ", '')")).append("), '")
                    .append(f.weight().letter()).append("')");
        }
        return b.toString();
    }

    /**
     * The fields of the top weight.
     *
     * @return the fields
     */
    public List<FieldSpec> topFields() {
        Weight top = topWeight();
        return fields.stream().filter(f -> f.weight() == top).toList();
    }

    /**
     * The expression a trigram index and query use for a fuzzy field.
     *
     * @param field the field
     * @return the SQL expression
     */
    public String trigramExpression(String field) {
        return un("coalesce(" + Identifier.quote(field) + ", '')");
    }

    /**
     * The weights array literal, D first.
     *
     * @return for example {@code '{0.1,0.2,0.4,1}'::float4[]}
     */
    public String weightsLiteral() {
        return String.format(Locale.ROOT, "'{%s,%s,%s,%s}'::float4[]", weights[0], weights[1], weights[2], weights[3]);
    }

    /**
     * A fingerprint of what the generated columns depend on, stored as their comment so a changed
     * definition is detected.
     *
     * @param expression the generated expression
     * @return {@code justpg-search <hex>}
     */
    public static String fingerprint(String expression) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(expression.getBytes(StandardCharsets.UTF_8));
            return "justpg-search " + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
