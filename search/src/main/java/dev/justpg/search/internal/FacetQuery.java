package dev.justpg.search.internal;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.search.FacetCount;
import dev.justpg.search.Facets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;

/** Facet counts over a capped sample of the match set. */
public final class FacetQuery {

    private FacetQuery() {
    }

    /**
     * Counts.
     *
     * @param spec the definition
     * @param read where to read
     * @param tsq the query
     * @param filter the filter, or null
     * @param columns the facet columns
     * @param maxValues values kept per column
     * @return the counts
     */
    public static Facets run(IndexSpec spec, Database read, Sql tsq, Condition filter, List<String> columns,
                             int maxValues) {
        Sql s = new Sql().a("WITH m AS MATERIALIZED (SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            s.a((i == 0 ? "" : ", ") + Identifier.quote(columns.get(i)) + "::text AS f" + i);
        }
        s.a(" FROM " + spec.table().quoted() + " WHERE " + spec.tsvId().quoted() + " @@ ").add(tsq)
                .add(QuerySql.filter(filter)).a(" LIMIT " + spec.facetCap() + ") SELECT -1 AS col, NULL AS v, count(*) AS n FROM m");
        for (int i = 0; i < columns.size(); i++) {
            s.a(" UNION ALL (SELECT " + i + ", f" + i + ", count(*) FROM m GROUP BY f" + i
                    + " ORDER BY count(*) DESC, f" + i + " NULLS LAST LIMIT " + maxValues + ")");
        }
        try {
            return read.withConnection(c -> {
                Map<String, List<FacetCount>> counts = new LinkedHashMap<>();
                columns.forEach(col -> counts.put(col, new ArrayList<>()));
                long[] counted = {0};
                Statements.query(c, s, rs -> {
                    int col = rs.getInt(1);
                    if (col < 0) {
                        counted[0] = rs.getLong(3);
                    } else {
                        counts.get(columns.get(col)).add(new FacetCount(rs.getString(2), rs.getLong(3)));
                    }
                    return null;
                });
                Map<String, List<FacetCount>> frozen = new LinkedHashMap<>();
                counts.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
                return new Facets(frozen, counted[0], counted[0] >= spec.facetCap());
            });
        } catch (SQLException e) {
            throw Statements.fail("facet counts on " + spec.table(), e);
        }
    }
}
