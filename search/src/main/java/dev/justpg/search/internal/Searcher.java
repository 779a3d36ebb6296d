package dev.justpg.search.internal;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.RowMapper;
import dev.justpg.search.Cursor;
import dev.justpg.search.MatchTier;
import dev.justpg.search.NoResultReason;
import dev.justpg.search.SearchHit;
import dev.justpg.search.SearchQuery;
import dev.justpg.search.SearchResults;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Runs searches: the bounded or exhaustive full-text phase, then the typo-tolerant phases. */
public final class Searcher {

    private final IndexSpec spec;
    private final Database read;
    private final InputParser parser;
    private final QuerySql q;
    private final Corrector corrector;
    private final AtomicReference<String> columns = new AtomicReference<>();

    /**
     * A searcher.
     *
     * @param spec the definition
     * @param read where searches run (the primary or a replica)
     * @param corrector typo correction from the vocabulary
     */
    public Searcher(IndexSpec spec, Database read, Corrector corrector) {
        this.spec = spec;
        this.read = read;
        this.parser = new InputParser(spec.maxChars(), spec.maxTerms());
        this.q = new QuerySql(spec);
        this.corrector = corrector;
    }

    /**
     * The parser.
     *
     * @return the parser
     */
    public InputParser parser() {
        return parser;
    }

    /**
     * The SQL fragments.
     *
     * @return the fragments
     */
    public QuerySql sql() {
        return q;
    }

    /** A ranked key, before the row is read. */
    private record Ranked(int tier, float rank, Object key, long candidates) {
    }

    /**
     * Searches.
     *
     * @param query the query
     * @param mapper maps rows
     * @param <T> the row type
     * @return one page
     */
    public <T> SearchResults<T> search(SearchQuery query, RowMapper<T> mapper) {
        ParsedInput in = parser.parse(query.text(), query.isPrefix());
        if (in.isEmpty()) {
            return new SearchResults<>(List.of(), Optional.empty(), Optional.of(NoResultReason.EMPTY_INPUT),
                    Optional.empty(), true, in.truncated());
        }
        if (in.onlyExclusions()) {
            return new SearchResults<>(List.of(), Optional.empty(), Optional.of(NoResultReason.ONLY_EXCLUSIONS),
                    Optional.empty(), true, in.truncated());
        }
        Cursor cursor = query.cursor().orElse(null);
        int cursorTier = cursor == null ? 0 : cursor.tier().order();
        try {
            return read.withConnection(c -> {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    if (!spec.jit()) {
                        Statements.update(c, new Sql().a("SET LOCAL jit = off"));
                    }
                    SearchResults<T> r = searchIn(c, query, mapper, in, cursor, cursorTier);
                    c.commit();
                    return r;
                } finally {
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                    c.setAutoCommit(auto);
                }
            });
        } catch (SQLException e) {
            throw Statements.fail("search on " + spec.table(), e);
        }
    }

    private <T> SearchResults<T> searchIn(Connection c, SearchQuery query, RowMapper<T> mapper, ParsedInput in,
                                          Cursor cursor, int cursorTier) throws SQLException {
        {
            {
                String cols = columns(c);
                List<SearchHit<T>> hits = new ArrayList<>();
                boolean exhaustive = true;
                Sql tsq = q.tsquery(in, in.websearch());
                if (in.hasExclusion() && diagnose(c, tsq) != NoResultReason.NO_MATCH) {
                    // what is left after stop words only excludes: it would match nearly every row
                    return new SearchResults<T>(List.of(), Optional.empty(), Optional.of(diagnose(c, tsq)),
                            Optional.empty(), true, in.truncated());
                }
                if (cursorTier <= 2) {
                    Sql ranked = query.isExact() ? exact(query, tsq, cursor) : bounded(query, tsq, cursor);
                    List<Ranked> rows = new ArrayList<>();
                    hits.addAll(fetch(c, ranked, q.headlineQuery(in, in.websearch()), query, cols, mapper, query.limit(), rows));
                    if (!query.isExact()) {
                        exhaustive = rows.stream().allMatch(r -> r.candidates() < spec.candidateCap());
                    }
                }
                String corrected = null;
                if (hits.size() < query.limit() && query.isFuzzy() && cursorTier <= 4
                        && (spec.vocabulary() || !spec.fuzzyFields().isEmpty())) {
                    {
                        Statements.query(c, new Sql().a("SELECT set_config('pg_trgm.similarity_threshold', ")
                                .bind(Double.toString(spec.similarityThreshold()))
                                .a(", true), set_config('pg_trgm.word_similarity_threshold', ")
                                .bind(Double.toString(spec.similarityThreshold())).a(", true)"), rs -> null);
                        Sql correctedTsq = null;
                        if (spec.vocabulary() && cursorTier <= 3) {
                            Map<String, String> fixes = corrector.corrections(c, in.plainWords());
                            if (!fixes.isEmpty()) {
                                corrected = in.render(fixes);
                                correctedTsq = q.tsquery(in, corrected);
                                int need = query.limit() - hits.size();
                                hits.addAll(fetch(c, correctedTier(query, tsq, correctedTsq, cursor, need),
                                        q.headlineQuery(in, corrected), query, cols, mapper, need, new ArrayList<>()));
                            }
                        }
                        boolean correctedFound = hits.stream().anyMatch(h -> h.tier() == MatchTier.CORRECTED);
                        if (!spec.fuzzyFields().isEmpty() && !correctedFound && !in.hasExclusion()
                                && hits.size() < query.limit()) {
                            String text = fuzzyText(in);
                            if (!text.isEmpty()) {
                                int need = query.limit() - hits.size();
                                hits.addAll(fetch(c, trigramTier(query, text, tsq, correctedTsq, cursor, need),
                                        q.headlineQuery(in, in.websearch()), query, cols, mapper, need,
                                        new ArrayList<>()));
                            }
                        }
                    }
                }
                Optional<NoResultReason> reason = Optional.empty();
                if (hits.isEmpty()) {
                    reason = Optional.of(cursor != null ? NoResultReason.NO_MORE_PAGES : diagnose(c, tsq));
                }
                Optional<Cursor> next = hits.size() == query.limit()
                        ? Optional.of(hits.get(hits.size() - 1).cursor()) : Optional.empty();
                boolean correctedUsed = hits.stream().anyMatch(h -> h.tier() == MatchTier.CORRECTED);
                return new SearchResults<>(hits, next, reason,
                        correctedUsed ? Optional.ofNullable(corrected) : Optional.empty(), exhaustive, in.truncated());
            }
        }
    }

    private static String fuzzyText(ParsedInput in) {
        List<String> words = new ArrayList<>(in.plainWords());
        if (in.prefixWord() != null) {
            words.add(in.prefixWord().toLowerCase(java.util.Locale.ROOT));
        }
        return String.join(" ", words);
    }

    private NoResultReason diagnose(Connection c, Sql tsq) throws SQLException {
        List<String[]> r = Statements.query(c, new Sql().a("SELECT numnode(x.q)::text, querytree(x.q) FROM (SELECT ")
                .add(tsq).a(" AS q) x"), rs -> new String[] {rs.getString(1), rs.getString(2)});
        if (r.get(0)[0].equals("0")) {
            return NoResultReason.ONLY_STOP_WORDS;
        }
        if ("T".equals(r.get(0)[1])) {
            return NoResultReason.ONLY_EXCLUSIONS;
        }
        return NoResultReason.NO_MATCH;
    }

    private String table() {
        return spec.table().quoted();
    }

    /**
     * The bounded statement: per tier, the first {@code candidateCap} matching rows in index order
     * are ranked; the second tier runs only when the first did not fill the page.
     */
    Sql bounded(SearchQuery query, Sql tsq, Cursor cursor) {
        String k = spec.keyId().quoted();
        String v = spec.tsvId().quoted();
        Sql filter = QuerySql.filter(query.filterCondition().orElse(null));
        int n = query.limit();
        Sql s = new Sql();
        if (spec.tiered()) {
            String top = spec.topId().orElseThrow().quoted();
            // the full column must match too: an exclusion may hit a lower-weight field
            s.a("WITH t1 AS MATERIALIZED (").add(tier(1, new Sql().a(top + " @@ ").add(tsq).a(" AND " + v + " @@ ").add(tsq),
                    tsq, filter, cursor, n, null))
                    .a("), t2 AS (").add(tier(2, new Sql().a(v + " @@ ").add(tsq).a(" AND NOT (" + top + " @@ ").add(tsq)
                            .a(")"), tsq, filter, cursor, n, "(SELECT count(*) FROM t1) < " + n))
                    .a(") SELECT * FROM t1 UNION ALL SELECT * FROM t2");
        } else {
            s.add(tier(1, new Sql().a(v + " @@ ").add(tsq), tsq, filter, cursor, n, null));
        }
        return s;
    }

    private Sql tier(int tier, Sql where, Sql tsq, Sql filter, Cursor cursor, int n, String gate) {
        String k = spec.keyId().quoted();
        String v = spec.tsvId().quoted();
        Sql s = new Sql().a("SELECT " + tier + " AS tier, x.k, x.r, x.cn FROM (SELECT c." + k + " AS k, ")
                .add(q.rank("c." + v, tsq)).a(" AS r, count(*) OVER () AS cn FROM (SELECT " + k + ", " + v + " FROM "
                        + table() + " WHERE ").add(where).add(filter).a(" LIMIT " + spec.candidateCap() + ") c) x WHERE ")
                .add(QuerySql.keyset(tier, cursor, "x.r", "x.k"));
        if (gate != null) {
            s.a(" AND " + gate);
        }
        return s.a(" ORDER BY x.r DESC, x.k LIMIT " + n);
    }

    /** The exhaustive statement: every match ranked, ordered by tier, rank, key. */
    Sql exact(SearchQuery query, Sql tsq, Cursor cursor) {
        String k = spec.keyId().quoted();
        String v = spec.tsvId().quoted();
        Sql filter = QuerySql.filter(query.filterCondition().orElse(null));
        Sql tierExpr = spec.tiered()
                ? new Sql().a("CASE WHEN " + spec.topId().orElseThrow().quoted() + " @@ ").add(tsq).a(" THEN 1 ELSE 2 END")
                : new Sql().a("1");
        Sql s = new Sql().a("SELECT x.tier, x.k, x.r, 0::bigint AS cn FROM (SELECT " + k + " AS k, ").add(tierExpr)
                .a(" AS tier, ").add(q.rank(v, tsq)).a(" AS r FROM " + table() + " WHERE " + v + " @@ ").add(tsq)
                .add(filter).a(") x WHERE ");
        if (cursor == null) {
            s.a("TRUE");
        } else {
            s.a("(x.tier > ").bind(cursor.tier().order()).a(" OR (x.tier = ").bind(cursor.tier().order())
                    .a(" AND (x.r < ").bind(cursor.rank()).a("::real OR (x.r = ").bind(cursor.rank())
                    .a("::real AND x.k > ").bind(cursor.key()).a("))))");
        }
        return s.a(" ORDER BY x.tier, x.r DESC, x.k LIMIT " + query.limit());
    }

    private Sql correctedTier(SearchQuery query, Sql tsq, Sql corrected, Cursor cursor, int n) {
        String v = spec.tsvId().quoted();
        Sql filter = QuerySql.filter(query.filterCondition().orElse(null));
        Sql where = new Sql().a(v + " @@ ").add(corrected).a(" AND NOT (" + v + " @@ ").add(tsq).a(")");
        return tier(MatchTier.CORRECTED.order(), where, corrected, filter, cursor, n, null);
    }

    private Sql trigramTier(SearchQuery query, String text, Sql tsq, Sql corrected, Cursor cursor, int n) {
        String k = spec.keyId().quoted();
        String v = spec.tsvId().quoted();
        Sql filter = QuerySql.filter(query.filterCondition().orElse(null));
        Sql sim = new Sql().a("GREATEST(");
        Sql match = new Sql().a("(");
        boolean first = true;
        for (String f : spec.fuzzyFields()) {
            if (!first) {
                sim.a(", ");
                match.a(" OR ");
            }
            first = false;
            sim.a("word_similarity(").a(spec.un("?")).addValue(text).a(", " + spec.trigramExpression(f) + ")");
            match.a(spec.un("?")).addValue(text).a(" <% " + spec.trigramExpression(f));
        }
        sim.a(")::real");
        match.a(")");
        Sql s = new Sql().a("SELECT 4 AS tier, x.k, x.r, 0::bigint AS cn FROM (SELECT " + k + " AS k, ").add(sim)
                .a(" AS r FROM " + table() + " WHERE ").add(match).a(" AND NOT (" + v + " @@ ").add(tsq).a(")");
        if (corrected != null) {
            s.a(" AND NOT (" + v + " @@ ").add(corrected).a(")");
        }
        s.add(filter).a(") x WHERE ").add(QuerySql.keyset(4, cursor, "x.r", "x.k"))
                .a(" ORDER BY x.r DESC, x.k LIMIT " + n);
        return s;
    }

    /** Joins ranked keys back to the table, computing highlights for these rows only. */
    private <T> List<SearchHit<T>> fetch(Connection c, Sql ranked, Sql headlineQuery, SearchQuery query, String cols,
                                         RowMapper<T> mapper, int limit, List<Ranked> seen) throws SQLException {
        String k = spec.keyId().quoted();
        Sql s = new Sql().a("WITH p AS (").add(ranked).a(") SELECT p.tier AS justpg_tier, p.r AS justpg_rank,"
                + " p.k AS justpg_key, p.cn AS justpg_candidates");
        List<String> hl = query.highlightFields();
        for (int i = 0; i < hl.size(); i++) {
            String f = Identifier.quote(hl.get(i));
            s.a(", ts_headline(" + spec.rowConfig("t") + ", coalesce(t." + f + "::text, ''), ").add(headlineQuery)
                    .a(", ").bind(spec.headlineOptions()).a(") AS justpg_hl_" + i);
        }
        s.a(", " + cols + " FROM p JOIN " + table() + " t ON t." + k + " = p.k ORDER BY p.tier, p.r DESC, p.k LIMIT "
                + limit);
        return Statements.query(c, s, rs -> {
            Ranked r = new Ranked(rs.getInt("justpg_tier"), rs.getFloat("justpg_rank"), rs.getObject("justpg_key"),
                    rs.getLong("justpg_candidates"));
            seen.add(r);
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 0; i < hl.size(); i++) {
                String text = rs.getString("justpg_hl_" + i);
                if (text != null) {
                    h.put(hl.get(i), text);
                }
            }
            return new SearchHit<>(r.key(), MatchTier.ofOrder(r.tier()), r.rank(), h, mapper.map(rs));
        });
    }

    private String columns(Connection c) throws SQLException {
        String cached = columns.get();
        if (cached != null) {
            return cached;
        }
        List<String> names = Statements.query(c, new Sql().a("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(")
                .bind(spec.table().quoted()).a(") AND attnum > 0 AND NOT attisdropped ORDER BY attnum"), rs -> rs.getString(1));
        if (names.isEmpty()) {
            throw new dev.justpg.search.SearchException("table " + spec.table() + " does not exist or has no columns;"
                    + " check the table name");
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!n.equals(spec.tsvColumn()) && !n.equals(spec.tsvColumn() + "_top")) {
                out.add("t." + Identifier.quote(n));
            }
        }
        String joined = String.join(", ", out);
        columns.set(joined);
        return joined;
    }

    /**
     * Explains the statements a search runs, with sequential scans disabled, so the plans show
     * whether the indexes can serve them.
     *
     * @param c a connection inside a transaction
     * @param query a sample query
     * @return plan text per statement
     * @throws SQLException on a database error
     */
    public Map<String, String> explain(Connection c, SearchQuery query) throws SQLException {
        ParsedInput in = parser.parse(query.text(), false);
        Sql tsq = q.tsquery(in, in.websearch());
        Map<String, String> plans = new HashMap<>();
        plans.put("full-text", plan(c, bounded(query, tsq, null)));
        if (!spec.fuzzyFields().isEmpty()) {
            plans.put("trigram", plan(c, trigramTier(query, fuzzyText(in), tsq, null, null, query.limit())));
        }
        if (spec.vocabulary()) {
            plans.put("vocabulary", plan(c, corrector.lookupSql(in.plainWords())));
        }
        return plans;
    }

    private static String plan(Connection c, Sql sql) throws SQLException {
        return String.join("\n", Statements.query(c, new Sql().a("EXPLAIN ").add(sql), rs -> rs.getString(1)));
    }

    /**
     * The tsquery of a user input, for the jOOQ helpers.
     *
     * @param input the input
     * @param prefix whether the last word is a prefix
     * @return the expression, or empty when nothing is searchable
     */
    public Optional<Sql> tsquery(String input, boolean prefix) {
        ParsedInput in = parser.parse(input, prefix);
        return in.isEmpty() ? Optional.empty() : Optional.of(q.tsquery(in, in.websearch()));
    }

}
