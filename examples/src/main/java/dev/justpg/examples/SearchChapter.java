package dev.justpg.examples;

import dev.justpg.core.Database;
import dev.justpg.search.MatchTier;
import dev.justpg.search.SearchHit;
import dev.justpg.search.SearchIndex;
import dev.justpg.search.SearchQuery;
import dev.justpg.search.SearchResults;
import dev.justpg.search.Suggestion;
import dev.justpg.search.Weight;
import java.util.stream.Collectors;

/**
 * Search: a small glossary becomes searchable in place (no search service): plan and apply the
 * DDL, search with websearch syntax, survive a typo, highlight, autocomplete, page by keyset.
 */
public final class SearchChapter implements Chapter {

    private static final String[][] GLOSSARY = {
        {"Water", "The clear liquid that falls as rain and fills rivers, lakes and seas."},
        {"Waterfall", "A stream of water falling from a height over rocks."},
        {"Rain", "Water falling in drops from clouds."},
        {"River", "A large natural stream of water flowing to the sea."},
        {"Allocution", "A formal speech, especially one giving advice or a warning."},
        {"Café", "A small restaurant serving coffee and light meals."},
        {"Colour", "The property of light that the eye sees as red, green, blue and so on."},
        {"Sea salt", "Salt obtained by evaporating sea water."},
        {"Glacier", "A slowly moving mass of ice formed from compacted snow."},
        {"Estuary", "The wide part of a river where it meets the sea and fresh water mixes with salt."},
    };

    @Override
    public String title() {
        return "Search: typo-tolerant full-text search on an existing table";
    }

    @Override
    public void run(TourContext ctx) throws Exception {
        Database db = ctx.db();
        db.execute("create table glossary(id bigint primary key, term text not null, definition text not null)");
        for (int i = 0; i < GLOSSARY.length; i++) {
            db.execute("insert into glossary values (?, ?, ?)", (long) i + 1, GLOSSARY[i][0], GLOSSARY[i][1]);
        }
        SearchIndex index = SearchIndex.builder(db, "glossary")
                .field("term", Weight.A)
                .field("definition", Weight.D)
                .unaccent(true)
                .fuzzy("term")
                .vocabulary(true)
                .build();
        ctx.say("The plan for an existing table (a dry run; each step says which lock it takes):");
        index.plan().steps().forEach(s -> ctx.say("  %s  [%s]", abbreviate(s.sql()), s.lock().split(":")[0]));
        index.migrate();
        index.rebuildVocabulary();
        index.assertIndexesUsed();
        ctx.say("Applied; EXPLAIN confirms every search statement can use its index.");

        show(ctx, index, SearchQuery.of("water -sea").highlight("definition"));
        show(ctx, index, SearchQuery.of("\"stream of water\""));
        show(ctx, index, SearchQuery.of("cafe"));
        SearchResults<String> typo = index.search(SearchQuery.of("alocution"), row -> row.getString("term"));
        ctx.say("'alocution' (a typo): %s, corrected to '%s'", typo.rows(), typo.correctedQuery().orElse("?"));
        ctx.say("Did you mean for 'glaicer': %s", index.didYouMean("glaicer").orElse("(nothing)"));
        ctx.say("Autocomplete 'wat': %s",
                index.complete("wat", 5).stream().map(Suggestion::word).collect(Collectors.toList()));
        SearchResults<String> odd = index.search("\":*&|!() 😀", row -> row.getString("term"));
        ctx.say("Hostile input '\":*&|!() 😀': %d hits, reason %s (no exception, no SQL error)",
                odd.hits().size(), odd.reason().orElseThrow());
        SearchResults<String> page1 = index.search(SearchQuery.of("water").limit(3), row -> row.getString("term"));
        SearchResults<String> page2 = index.search(SearchQuery.of("water").limit(3).after(page1.nextCursor().orElseThrow()),
                row -> row.getString("term"));
        ctx.say("'water' by pages of 3 (keyset): %s then %s", page1.rows(), page2.rows());
    }

    private static void show(TourContext ctx, SearchIndex index, SearchQuery query) {
        SearchResults<String> r = index.search(query, row -> row.getString("term"));
        ctx.say("%s:", query.text());
        for (SearchHit<String> h : r.hits()) {
            String hl = h.highlights().isEmpty() ? "" : "  " + h.highlights().values().iterator().next();
            ctx.say("  %-10s %-8s rank %.3f%s", h.row(), h.tier() == MatchTier.PRIMARY ? "title" : h.tier().name()
                    .toLowerCase(java.util.Locale.ROOT), h.rank(), hl);
        }
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 110 ? sql : sql.substring(0, 107) + "...";
    }
}
