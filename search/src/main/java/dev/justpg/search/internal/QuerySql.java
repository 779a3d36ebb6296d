package dev.justpg.search.internal;

import dev.justpg.search.Cursor;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** SQL fragments of a search: the tsquery expression, ranking, filters and keyset conditions. */
public final class QuerySql {

    private static final DSLContext JOOQ = DSL.using(SQLDialect.POSTGRES,
            new Settings().withParamType(ParamType.INDEXED).withRenderFormatted(false));

    private final IndexSpec spec;

    /**
     * Fragments for an index.
     *
     * @param spec the definition
     */
    public QuerySql(IndexSpec spec) {
        this.spec = spec;
    }

    /**
     * The tsquery for parsed input: {@code websearch_to_tsquery} of the canonical text, and the prefix
     * word as a quoted {@code :*} lexeme (in the configuration and in {@code simple}, so stop words
     * and unstemmed forms still match as prefixes), OR-ed over the configurations.
     *
     * @param in the parsed input
     * @param websearch the canonical websearch text (possibly corrected)
     * @return the expression with its values
     */
    public Sql tsquery(ParsedInput in, String websearch) {
        return tsquery(in, websearch, spec.unaccent());
    }

    /**
     * The tsquery for highlighting: with unaccent, the unaccented query OR the query as typed, so
     * that accented words the user typed are marked in the (accented) document text.
     *
     * @param in the parsed input
     * @param websearch the canonical websearch text
     * @return the expression with its values
     */
    public Sql headlineQuery(ParsedInput in, String websearch) {
        if (!spec.unaccent()) {
            return tsquery(in, websearch, false);
        }
        return new Sql().a("(").add(tsquery(in, websearch, true)).a(" || ").add(tsquery(in, websearch, false)).a(")");
    }

    private Sql tsquery(ParsedInput in, String websearch, boolean unaccent) {
        Sql s = new Sql().a("(");
        boolean first = true;
        for (String lang : spec.languages()) {
            if (!first) {
                s.a(" || ");
            }
            first = false;
            String cfg = IndexSpec.configLiteral(lang);
            s.a("(");
            boolean hasText = !websearch.isBlank();
            if (hasText) {
                s.a("websearch_to_tsquery(" + cfg + ", ").a(unaccent ? spec.un("?") : "?").a(")");
                replaceLastBind(s, websearch);
            }
            if (in.prefixWord() != null) {
                if (hasText) {
                    s.a(in.prefixOr() ? " || " : " && ");
                }
                s.a("(").add(prefix(cfg, in.prefixWord(), unaccent)).a(" || ")
                        .add(prefix("'simple'::regconfig", in.prefixWord(), unaccent))
                        .a(")");
            }
            s.a(")");
        }
        return s.a(")");
    }

    private static void replaceLastBind(Sql s, String value) {
        // the '?' appended by a(spec.un("?")) is a placeholder: register its value
        s.addValue(value);
    }

    private Sql prefix(String cfg, String word, boolean unaccent) {
        Sql s = new Sql().a("to_tsquery(" + cfg + ", '''' || replace(replace(").a(unaccent ? spec.un("lower(?)") : "lower(?)")
                .a(", '''', ''), '\\', '') || ''':*')");
        s.addValue(word);
        return s;
    }

    /**
     * The rank of a row's tsvector against a query.
     *
     * @param tsv the tsvector column expression (qualified)
     * @param q the query
     * @return the expression
     */
    public Sql rank(String tsv, Sql q) {
        return new Sql().a(spec.ranking().function() + "(" + spec.weightsLiteral() + ", " + tsv + ", ").add(q)
                .a(", " + spec.normalization() + ")");
    }

    /**
     * A jOOQ condition as SQL with bound values.
     *
     * @param condition the condition, or null
     * @return {@code AND (condition)}, or empty
     */
    public static Sql filter(Condition condition) {
        if (condition == null) {
            return new Sql();
        }
        String text = JOOQ.render(condition);
        List<Object> values = JOOQ.extractBindValues(condition);
        return new Sql().a(" AND (").add(text, values).a(")");
    }

    /**
     * The keyset condition of one tier.
     *
     * @param tier the tier's order
     * @param cursor the cursor, or null
     * @param rank the rank column
     * @param key the key column
     * @return a condition
     */
    public static Sql keyset(int tier, Cursor cursor, String rank, String key) {
        if (cursor == null || cursor.tier().order() < tier) {
            return new Sql().a("TRUE");
        }
        if (cursor.tier().order() > tier) {
            return new Sql().a("FALSE");
        }
        return new Sql().a("(" + rank + " < ").bind(cursor.rank()).a("::real OR (" + rank + " = ").bind(cursor.rank())
                .a("::real AND " + key + " > ").bind(cursor.key()).a("))");
    }
}
