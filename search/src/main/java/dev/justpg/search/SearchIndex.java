package dev.justpg.search;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.RowMapper;
import dev.justpg.search.internal.Corrector;
import dev.justpg.search.internal.DdlPlanner;
import dev.justpg.search.internal.FacetQuery;
import dev.justpg.search.internal.FieldSpec;
import dev.justpg.search.internal.IndexSpec;
import dev.justpg.search.internal.ParsedInput;
import dev.justpg.search.internal.Searcher;
import dev.justpg.search.internal.Sql;
import dev.justpg.search.internal.Statements;
import dev.justpg.search.internal.Vocabulary;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-text and typo-tolerant search on one existing table. Immutable and thread-safe; build it
 * once with {@link #builder(Database, String)}.
 *
 * <h2>Index</h2>
 * {@link #plan()} compares the catalog with the definition and lists the DDL still needed (a
 * stored generated weighted {@code tsvector} column and its GIN index; when the fields have more
 * than one weight, a second stored column with the top-weight fields only and its GIN index; a
 * trigram GIN index per fuzzy field; the IMMUTABLE unaccent wrapper; the vocabulary table). See
 * {@link DdlPlan} for the locks; {@link #plan(boolean)} builds the indexes concurrently.
 * {@link #assertIndexesUsed()} checks with EXPLAIN that the searches can use them.
 *
 * <h2>Input</h2>
 * Any string is accepted and only ever reaches the server as a bind value. Syntax:
 * {@code "quoted phrase"}, {@code or}, {@code -excluded}; with {@link SearchQuery#prefix(boolean)}
 * the last word also matches as a prefix. Control characters (NUL included) and anything that is
 * not a letter, digit or mark separate words; the input is cut at {@value #DEFAULT_MAX_INPUT_CHARS}
 * characters and {@value #DEFAULT_MAX_TERMS} terms by default. Input with nothing searchable
 * returns no hits and a {@link NoResultReason}.
 *
 * <h2>Order and bounded work</h2>
 * Hits are ordered by {@link MatchTier} (the whole query matching within the top-weight fields
 * first, then matching over all fields, then typo-corrected, then trigram), then by rank
 * ({@link Ranking}, field weights, normalization) descending, then by key ascending. That order
 * is total, so pages are stable, and pagination is by keyset ({@link Cursor}).
 *
 * <p><b>The trade-off.</b> By default a search does not rank every match: in each tier it ranks
 * at most {@link #DEFAULT_CANDIDATE_CAP candidateCap} matching rows, the first ones the GIN
 * bitmap scan returns (table order, not rank order), and it runs the second tier only when the
 * first did not fill the page. The result is identical to exhaustive ranking whenever each tier
 * it reads has at most {@code candidateCap} matches ({@link SearchResults#exhaustive()} says so).
 * When a tier has more, the hits of that tier are the best of a sample of {@code candidateCap}
 * rows in table order: a better-ranked row outside the sample is missed. Common words usually hit
 * this only in the second tier, because a page is usually filled by rows whose top-weight fields
 * match. {@link SearchQuery#exact()} ranks every match in the same order, at a cost proportional
 * to the number of matches.
 *
 * <h2>Typos</h2>
 * When a page is not full and {@link SearchQuery#fuzzy(boolean)} is on (the default): with a
 * vocabulary, unknown words are corrected (at most 1 edit for words up to 4 letters, 2 otherwise)
 * and the corrected query adds {@link MatchTier#CORRECTED} hits; when that adds nothing, trigram
 * word similarity on the fuzzy fields adds {@link MatchTier#FUZZY} hits. The thresholds are set
 * with {@code SET LOCAL} semantics ({@code set_config(..., true)}) inside the search's
 * transaction, so the {@code %} and {@code <%} operators use the trigram indexes.
 *
 * <h2>Replicas</h2>
 * Searches, facets, suggestions and autocomplete run on {@link Builder#readFrom(DataSource)} when
 * set; DDL and vocabulary writes always run on the primary {@link Database}.
 */
public final class SearchIndex {

    /** Key column unless {@link Builder#key(String)} says otherwise: {@value}. */
    public static final String DEFAULT_KEY = "id";
    /** Text search configuration unless set: {@value}. */
    public static final String DEFAULT_LANGUAGE = "english";
    /** Stored tsvector column unless set: {@value}. */
    public static final String DEFAULT_TSVECTOR_COLUMN = "search_tsv";
    /** Ranking function unless set: {@code TS_RANK_CD}. */
    public static final Ranking DEFAULT_RANKING = Ranking.TS_RANK_CD;
    /** Rank normalization unless set: {@value} (divide by 1 + the logarithm of the document length). */
    public static final int DEFAULT_NORMALIZATION = 1;
    /** Weights of D, C, B, A unless set: PostgreSQL's defaults. */
    public static final List<Float> DEFAULT_WEIGHTS = List.of(0.1f, 0.2f, 0.4f, 1.0f);
    /** Rows ranked at most per tier in a bounded search unless set: {@value}. */
    public static final int DEFAULT_CANDIDATE_CAP = 1000;
    /** Matching rows counted at most for facets unless set: {@value}. */
    public static final int DEFAULT_FACET_CAP = 10_000;
    /** Trigram similarity threshold for typo correction and fuzzy fields unless set: {@value}. */
    public static final double DEFAULT_SIMILARITY_THRESHOLD = 0.3;
    /** Input characters kept unless set: {@value}. */
    public static final int DEFAULT_MAX_INPUT_CHARS = 512;
    /** Input terms kept unless set: {@value}. */
    public static final int DEFAULT_MAX_TERMS = 32;
    /**
     * Whether searches may use JIT compilation unless set: {@value}. A search statement is
     * planned with costs that can cross {@code jit_above_cost} on large tables although it reads
     * few rows; compiling then costs tens of milliseconds, more than the search. Each search runs
     * in a short transaction with {@code SET LOCAL jit = off}.
     */
    public static final boolean DEFAULT_JIT = false;
    /** Rows per transaction of {@link #refreshVocabulary()}: {@value}. */
    public static final int DEFAULT_VOCABULARY_BATCH = 10_000;
    /** ts_headline options unless set: {@value}. The text is not HTML-escaped: escape it before display. */
    public static final String DEFAULT_HIGHLIGHT_OPTIONS =
            "StartSel=<b>, StopSel=</b>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" ... \"";

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);
    private static final Pattern CONFIG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private final IndexSpec spec;
    private final Database primary;
    private final Database read;
    private final Searcher searcher;
    private final Corrector corrector;
    private final Vocabulary vocabulary;

    private SearchIndex(IndexSpec spec, Database primary, Database read) {
        this.spec = spec;
        this.primary = primary;
        this.read = read;
        this.corrector = new Corrector(spec);
        this.searcher = new Searcher(spec, read, corrector);
        this.vocabulary = new Vocabulary(spec, primary, read);
    }

    /**
     * Starts the definition of a search index on an existing table.
     *
     * @param db the primary database (DDL, vocabulary writes, and reads unless a replica is set)
     * @param table the table, {@code name} or {@code schema.name}
     * @return a builder
     * @throws IllegalArgumentException when the table name is not a valid identifier
     */
    public static Builder builder(Database db, String table) {
        return new Builder(Objects.requireNonNull(db, "db must not be null"), Identifier.parse(table));
    }

    /**
     * The table.
     *
     * @return its identifier
     */
    public Identifier table() {
        return spec.table();
    }

    /**
     * The stored tsvector column, for users' own queries.
     *
     * @return its name
     */
    public String tsvectorColumn() {
        return spec.tsvColumn();
    }

    /**
     * The DDL still needed, with plain index builds (SHARE lock on the table while they run).
     *
     * @return the plan; {@link DdlPlan#toString()} is the dry run
     * @throws SearchException when the table or a column is missing, or a language column is not regconfig
     */
    public DdlPlan plan() {
        return plan(false);
    }

    /**
     * The DDL still needed.
     *
     * @param concurrently build indexes with {@code CREATE INDEX CONCURRENTLY}
     * @return the plan
     * @throws SearchException when the table or a column is missing, or a language column is not regconfig
     */
    public DdlPlan plan(boolean concurrently) {
        return new DdlPlan(primary, new DdlPlanner(spec, primary).plan(concurrently));
    }

    /**
     * Plans and applies the DDL (plain index builds): {@code plan().apply()}.
     */
    public void migrate() {
        plan().apply();
    }

    /**
     * Searches.
     *
     * @param query the query
     * @param mapper maps the table row of each hit (read columns by name)
     * @param <T> the row type
     * @return one page of hits
     * @throws SearchException when the database fails (never because of the input)
     */
    public <T> SearchResults<T> search(SearchQuery query, RowMapper<T> mapper) {
        Objects.requireNonNull(query, "query must not be null");
        Objects.requireNonNull(mapper, "mapper must not be null");
        return searcher.search(query, mapper);
    }

    /**
     * Searches with the default settings of {@link SearchQuery#of(String)}.
     *
     * @param text the user's text
     * @param mapper maps the table row of each hit
     * @param <T> the row type
     * @return one page of hits
     */
    public <T> SearchResults<T> search(String text, RowMapper<T> mapper) {
        return search(SearchQuery.of(text), mapper);
    }

    /**
     * Counts, for each given column, the rows per value among the rows that match the query (and
     * its filter). Work is capped: at most {@link #DEFAULT_FACET_CAP facetCap} matching rows are
     * counted, the first in table order; {@link Facets#capped()} says when the cap was reached and
     * the counts are a sample.
     *
     * @param query the query (its text, prefix setting and filter are used)
     * @param maxValues values kept per column, most frequent first
     * @param columns the facet columns
     * @return the counts
     */
    public Facets facets(SearchQuery query, int maxValues, String... columns) {
        if (maxValues < 1) {
            throw new IllegalArgumentException("maxValues must be at least 1, got " + maxValues);
        }
        List<String> cols = List.of(columns);
        cols.forEach(Identifier::quote);
        Optional<Sql> tsq = searcher.tsquery(query.text(), query.isPrefix());
        if (tsq.isEmpty() || cols.isEmpty()) {
            Map<String, List<FacetCount>> empty = new LinkedHashMap<>();
            cols.forEach(c -> empty.put(c, List.of()));
            return new Facets(empty, 0, false);
        }
        return FacetQuery.run(spec, read, tsq.get(), query.filterCondition().orElse(null), cols, maxValues);
    }

    /**
     * The typo-corrected form of an input, from the vocabulary ({@link Builder#vocabulary(boolean)}).
     *
     * @param text the user's text
     * @return the corrected canonical query, or empty when no word needs (or has) a correction
     */
    public Optional<String> didYouMean(String text) {
        requireVocabulary("didYouMean");
        ParsedInput in = searcher.parser().parse(text, false);
        if (in.plainWords().isEmpty()) {
            return Optional.empty();
        }
        try {
            return read.inReadOnlyTransaction(tx -> {
                Statements.query(tx.connection(), new Sql().a("SELECT set_config('pg_trgm.similarity_threshold', ")
                        .bind(Double.toString(spec.similarityThreshold())).a(", true)"), rs -> null);
                Map<String, String> fixes = corrector.corrections(tx.connection(), in.plainWords());
                return fixes.isEmpty() ? Optional.<String>empty() : Optional.of(in.render(fixes));
            });
        } catch (SQLException e) {
            throw Statements.fail("did-you-mean on " + spec.vocabTable(), e);
        }
    }

    /**
     * Autocomplete: vocabulary words that start with the typed prefix, most frequent first.
     *
     * @param prefix what the user typed (any string; LIKE wildcards are escaped)
     * @param limit how many, 1 to 100
     * @return the words
     */
    public List<Suggestion> complete(String prefix, int limit) {
        requireVocabulary("complete");
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be 1 to 100, got " + limit);
        }
        String p = prefix == null ? "" : prefix.strip().replace('\0', ' ');
        if (p.isEmpty()) {
            return List.of();
        }
        return vocabulary.complete(p, limit);
    }

    /**
     * Rebuilds the vocabulary from the whole table ({@code ts_stat} over the fields in the
     * {@code simple} configuration: lower-case, unstemmed, unaccented when configured), in one
     * transaction on the primary. Counts are exact afterwards.
     *
     * @return the number of words
     */
    public long rebuildVocabulary() {
        requireVocabulary("rebuildVocabulary");
        return vocabulary.rebuild();
    }

    /**
     * Adds the words of rows whose key is greater than the largest key seen by the last rebuild or
     * refresh, {@value #DEFAULT_VOCABULARY_BATCH} rows per transaction. Cheap for append-mostly
     * tables; updated and deleted rows are not seen (their words stay, counts drift upward) until
     * the next {@link #rebuildVocabulary()}.
     *
     * @return the number of rows read
     */
    public long refreshVocabulary() {
        requireVocabulary("refreshVocabulary");
        return vocabulary.refresh(DEFAULT_VOCABULARY_BATCH);
    }

    private void requireVocabulary(String what) {
        if (!spec.vocabulary()) {
            throw new IllegalStateException(what + " needs the vocabulary: build the index with vocabulary(true)"
                    + " and apply its plan");
        }
    }

    /**
     * A jOOQ condition: the row matches the user's text (parsed as in a search). Put it in your own
     * queries on this table; it uses the GIN index.
     *
     * @param text the user's text
     * @return the condition ({@code FALSE} when nothing is searchable)
     */
    public Condition matches(String text) {
        Optional<Sql> tsq = searcher.tsquery(text, false);
        if (tsq.isEmpty()) {
            return DSL.falseCondition();
        }
        Sql s = new Sql().a(spec.tsvId().quoted() + " @@ ").add(tsq.get());
        return DSL.condition(s.text(), s.params().toArray());
    }

    /**
     * A jOOQ field: the row's rank for the user's text, with this index's ranking, weights and
     * normalization (0 when nothing is searchable).
     *
     * @param text the user's text
     * @return the field
     */
    public Field<Float> rank(String text) {
        Optional<Sql> tsq = searcher.tsquery(text, false);
        if (tsq.isEmpty()) {
            return DSL.inline(0f).cast(SQLDataType.REAL);
        }
        Sql s = searcher.sql().rank(spec.tsvId().quoted(), tsq.get());
        return DSL.field(s.text(), SQLDataType.REAL, s.params().toArray());
    }

    /**
     * The plans of the statements a search runs, with sequential scans disabled (so they show
     * whether the indexes can serve them, whatever the table size).
     *
     * @param query a sample query
     * @return statement kind ({@code full-text}, {@code trigram}, {@code vocabulary}) to EXPLAIN text
     */
    public Map<String, String> explain(SearchQuery query) {
        try {
            return read.inReadOnlyTransaction(tx -> {
                Statements.update(tx.connection(), new Sql().a("SET LOCAL enable_seqscan = off"));
                return searcher.explain(tx.connection(), query);
            });
        } catch (SQLException e) {
            throw Statements.fail("EXPLAIN of a search on " + spec.table(), e);
        }
    }

    /**
     * Checks with EXPLAIN that every index the searches need exists, is valid and matches the
     * expressions they use. Meant for users' tests and start-up checks.
     *
     * @throws IndexNotUsedException naming each index a plan does not use, with the plan
     */
    public void assertIndexesUsed() {
        Map<String, String> plans = explain(SearchQuery.of("justpg"));
        List<String> missing = new ArrayList<>();
        StringBuilder msg = new StringBuilder();
        List<String[]> expected = new ArrayList<>();
        expected.add(new String[] {"full-text", spec.tsvIndex().name()});
        if (spec.tiered()) {
            expected.add(new String[] {"full-text", spec.topIndex().name()});
        }
        for (String f : spec.fuzzyFields()) {
            expected.add(new String[] {"trigram", spec.trigramIndex(f).name()});
        }
        if (spec.vocabulary()) {
            expected.add(new String[] {"vocabulary", spec.vocabIndex().name()});
        }
        for (String[] e : expected) {
            String plan = plans.getOrDefault(e[0], "");
            if (!plan.contains(" " + e[1] + " ") && !plan.contains(" " + e[1] + "\n") && !plan.endsWith(" " + e[1])
                    && !plan.contains(" " + Identifier.quote(e[1]))) {
                missing.add(e[1]);
                msg.append("the ").append(e[0]).append(" search on ").append(spec.table())
                        .append(" does not use index ").append(e[1])
                        .append(" (missing, INVALID, or built on another expression); its plan:\n")
                        .append(plan).append('\n');
            }
        }
        if (!missing.isEmpty()) {
            throw new IndexNotUsedException(msg + "apply the index's plan (SearchIndex.plan().apply()) and check"
                    + " that nothing else changed the columns or indexes", missing);
        }
    }

    @Override
    public String toString() {
        return "SearchIndex[" + spec.table() + ", fields=" + spec.fields() + "]";
    }

    /** Defines a {@link SearchIndex}. Not thread-safe. */
    public static final class Builder {

        private final Database db;
        private final Identifier table;
        private Database read;
        private String key = DEFAULT_KEY;
        private final Map<String, Weight> fields = new LinkedHashMap<>();
        private String language = DEFAULT_LANGUAGE;
        private String languageColumn;
        private List<String> rowLanguages = List.of();
        private boolean unaccent;
        private final List<String> fuzzy = new ArrayList<>();
        private boolean vocabulary;
        private String tsvColumn = DEFAULT_TSVECTOR_COLUMN;
        private Ranking ranking = DEFAULT_RANKING;
        private int normalization = DEFAULT_NORMALIZATION;
        private float[] weights = {0.1f, 0.2f, 0.4f, 1.0f};
        private int candidateCap = DEFAULT_CANDIDATE_CAP;
        private int facetCap = DEFAULT_FACET_CAP;
        private double similarityThreshold = DEFAULT_SIMILARITY_THRESHOLD;
        private String highlightOptions = DEFAULT_HIGHLIGHT_OPTIONS;
        private int maxChars = DEFAULT_MAX_INPUT_CHARS;
        private int maxTerms = DEFAULT_MAX_TERMS;
        private boolean jit = DEFAULT_JIT;

        private Builder(Database db, Identifier table) {
            this.db = db;
            this.table = table;
        }

        /**
         * The key column (unique, not null; a primary key). Default {@value SearchIndex#DEFAULT_KEY}.
         *
         * @param column the column
         * @return this
         */
        public Builder key(String column) {
            this.key = column;
            return this;
        }

        /**
         * Adds a text column with a weight.
         *
         * @param column the column
         * @param weight its weight
         * @return this
         */
        public Builder field(String column, Weight weight) {
            if (fields.containsKey(column)) {
                throw new IllegalArgumentException("field '" + column + "' is declared twice");
            }
            fields.put(column, Objects.requireNonNull(weight, "weight must not be null"));
            return this;
        }

        /**
         * One text search configuration for every row. Default {@value SearchIndex#DEFAULT_LANGUAGE}.
         *
         * @param config a configuration name such as {@code english}, {@code french}, {@code simple}
         * @return this
         */
        public Builder language(String config) {
            this.language = config;
            this.languageColumn = null;
            return this;
        }

        /**
         * A configuration per row, from a {@code regconfig} column (NULL means {@code simple}).
         * Queries are parsed with each of the given configurations and OR-ed, so a word matches in
         * whichever language its row uses.
         *
         * @param column the regconfig column
         * @param configs the configurations the rows use
         * @return this
         */
        public Builder languageColumn(String column, String... configs) {
            this.languageColumn = column;
            this.rowLanguages = List.of(configs);
            return this;
        }

        /**
         * Folds accents (through an IMMUTABLE wrapper of {@code unaccent}, so the generated column
         * and the indexes can use it): "cafe" finds "café". Default off.
         *
         * @param on whether to fold accents
         * @return this
         */
        public Builder unaccent(boolean on) {
            this.unaccent = on;
            return this;
        }

        /**
         * Short text columns (titles, names) that get a trigram GIN index for typo-tolerant matching.
         *
         * @param columns the columns
         * @return this
         */
        public Builder fuzzy(String... columns) {
            fuzzy.addAll(List.of(columns));
            return this;
        }

        /**
         * Keeps a vocabulary table (words of the fields, trigram-indexed) for did-you-mean, typo
         * correction and autocomplete. Default off.
         *
         * @param on whether to keep it
         * @return this
         */
        public Builder vocabulary(boolean on) {
            this.vocabulary = on;
            return this;
        }

        /**
         * The stored tsvector column name. Default {@value SearchIndex#DEFAULT_TSVECTOR_COLUMN}.
         *
         * @param column the name
         * @return this
         */
        public Builder tsvectorColumn(String column) {
            this.tsvColumn = column;
            return this;
        }

        /**
         * The ranking function and its normalization bit mask (see PostgreSQL's ts_rank documentation).
         *
         * @param ranking the function
         * @param normalization 0 to 63
         * @return this
         */
        public Builder ranking(Ranking ranking, int normalization) {
            this.ranking = ranking;
            this.normalization = normalization;
            return this;
        }

        /**
         * The weights of D, C, B and A for ranking, each 0 to 1.
         *
         * @param d weight of D
         * @param c weight of C
         * @param b weight of B
         * @param a weight of A
         * @return this
         */
        public Builder weights(float d, float c, float b, float a) {
            this.weights = new float[] {d, c, b, a};
            return this;
        }

        /**
         * Rows ranked at most per tier in a bounded search (see the class documentation).
         * Default {@value SearchIndex#DEFAULT_CANDIDATE_CAP}.
         *
         * @param cap at least 1
         * @return this
         */
        public Builder candidateCap(int cap) {
            this.candidateCap = cap;
            return this;
        }

        /**
         * Matching rows counted at most by {@link SearchIndex#facets}. Default {@value SearchIndex#DEFAULT_FACET_CAP}.
         *
         * @param cap at least 1
         * @return this
         */
        public Builder facetCap(int cap) {
            this.facetCap = cap;
            return this;
        }

        /**
         * The trigram threshold for typo correction and fuzzy fields. Default
         * {@value SearchIndex#DEFAULT_SIMILARITY_THRESHOLD}.
         *
         * @param threshold above 0, at most 1
         * @return this
         */
        public Builder similarityThreshold(double threshold) {
            this.similarityThreshold = threshold;
            return this;
        }

        /**
         * The ts_headline options. Default {@link SearchIndex#DEFAULT_HIGHLIGHT_OPTIONS}.
         *
         * @param options the options string
         * @return this
         */
        public Builder highlightOptions(String options) {
            this.highlightOptions = options;
            return this;
        }

        /**
         * Input limits.
         *
         * @param maxChars characters kept, 16 to 10,000
         * @param maxTerms terms kept, 1 to 256
         * @return this
         */
        public Builder inputLimits(int maxChars, int maxTerms) {
            this.maxChars = maxChars;
            this.maxTerms = maxTerms;
            return this;
        }

        /**
         * Lets searches use the server's JIT setting instead of turning it off for their
         * transaction. Default {@value SearchIndex#DEFAULT_JIT}.
         *
         * @param allowed whether JIT may be used
         * @return this
         */
        public Builder jit(boolean allowed) {
            this.jit = allowed;
            return this;
        }

        /**
         * Sends searches, facets, suggestions and autocomplete to another DataSource (a read
         * replica). DDL and vocabulary writes stay on the primary.
         *
         * @param replica the replica
         * @return this
         */
        public Builder readFrom(DataSource replica) {
            this.read = Database.of(Objects.requireNonNull(replica, "replica must not be null"));
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the index
         * @throws IllegalArgumentException naming the bad setting
         */
        public SearchIndex build() {
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("fields: declare at least one field(column, weight)");
            }
            check("key", () -> Identifier.of(key));
            check("tsvectorColumn", () -> Identifier.of(tsvColumn + "_top"));
            fields.keySet().forEach(f -> check("field", () -> Identifier.of(f)));
            fuzzy.forEach(f -> check("fuzzy", () -> Identifier.of(f)));
            List<String> languages;
            if (languageColumn != null) {
                check("languageColumn", () -> Identifier.of(languageColumn));
                if (rowLanguages.isEmpty()) {
                    throw new IllegalArgumentException("languageColumn: give the configurations the rows use,"
                            + " for example languageColumn(\"lang\", \"english\", \"french\")");
                }
                languages = rowLanguages;
            } else {
                languages = List.of(Objects.requireNonNull(language, "language must not be null"));
            }
            for (String l : languages) {
                if (l == null || !CONFIG_NAME.matcher(l).matches()) {
                    throw new IllegalArgumentException("language: '" + l + "' is not a text search configuration"
                            + " name (letters, digits, underscores, optionally schema-qualified)");
                }
            }
            if (normalization < 0 || normalization > 63) {
                throw new IllegalArgumentException("normalization must be 0 to 63, got " + normalization);
            }
            Objects.requireNonNull(ranking, "ranking must not be null");
            for (float w : weights) {
                if (!(w >= 0 && w <= 1)) {
                    throw new IllegalArgumentException("weights must each be 0 to 1, got " + Arrays.toString(weights));
                }
            }
            if (candidateCap < 1) {
                throw new IllegalArgumentException("candidateCap must be at least 1, got " + candidateCap);
            }
            if (facetCap < 1) {
                throw new IllegalArgumentException("facetCap must be at least 1, got " + facetCap);
            }
            if (!(similarityThreshold > 0 && similarityThreshold <= 1)) {
                throw new IllegalArgumentException("similarityThreshold must be above 0 and at most 1, got "
                        + similarityThreshold);
            }
            if (maxChars < 16 || maxChars > 10_000) {
                throw new IllegalArgumentException("inputLimits: maxChars must be 16 to 10000, got " + maxChars);
            }
            if (maxTerms < 1 || maxTerms > 256) {
                throw new IllegalArgumentException("inputLimits: maxTerms must be 1 to 256, got " + maxTerms);
            }
            Objects.requireNonNull(highlightOptions, "highlightOptions must not be null");
            List<FieldSpec> fs = new ArrayList<>();
            fields.forEach((n, w) -> fs.add(new FieldSpec(n, w)));
            IndexSpec spec = new IndexSpec(table, key, List.copyOf(fs), List.copyOf(languages), languageColumn,
                    unaccent, List.copyOf(fuzzy), tsvColumn, ranking, normalization, weights.clone(), candidateCap,
                    facetCap, similarityThreshold, vocabulary, highlightOptions, maxChars, maxTerms, jit);
            check("table", () -> {
                spec.tsvIndex();
                spec.topIndex();
                spec.fuzzyFields().forEach(spec::trigramIndex);
                spec.vocabIndex();
                spec.vocabStateTable();
            });
            LOG.info("search index on {}: key={}, fields={}, languages={}{}, unaccent={}, fuzzy={}, vocabulary={},"
                            + " tsvector={}, ranking={}/{}, weights={}, candidateCap={}, facetCap={},"
                            + " similarityThreshold={}, inputLimits={}/{}, jit={}, replica={}",
                    table, key, fs, languages, languageColumn == null ? "" : " (column " + languageColumn + ")",
                    unaccent, fuzzy, vocabulary, tsvColumn, ranking, normalization, Arrays.toString(weights),
                    candidateCap, facetCap, similarityThreshold, maxChars, maxTerms, jit, read != null);
            return new SearchIndex(spec, db, read == null ? db : read);
        }

        private static void check(String setting, Runnable r) {
            try {
                r.run();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
            }
        }
    }
}
