package dev.justpg.search;

import dev.justpg.core.Database;
import dev.justpg.core.RowMapper;
import dev.justpg.testkit.TestDatabase;

/** A small known corpus shared by the tests. */
final class Corpus {

    record Doc(long id, String title, String body) {
    }

    static final RowMapper<Doc> DOC = rs -> new Doc(rs.getLong("id"), rs.getString("title"), rs.getString("body"));

    private Corpus() {
    }

    static Database create(TestDatabase database) {
        database.execute("drop table if exists docs, docs_search_vocab, docs_search_vocab_state, t2 cascade",
                "drop function if exists public.justpg_unaccent(text)",
                "create table docs(id bigint primary key, title text, body text, lang regconfig not null default 'english',"
                        + " category text)",
                "insert into docs(id, title, body, category) values"
                        + " (1, 'Water', 'A clear liquid that falls as rain and fills rivers and seas.', 'science'),"
                        + " (2, 'Rain', 'Water that falls from clouds in drops.', 'science'),"
                        + " (3, 'River', 'A large natural stream of water flowing to the sea.', 'geography'),"
                        + " (4, 'Running shoes', 'Shoes made for runners who run on roads.', 'sport'),"
                        + " (5, 'Color of water', 'Pure water is a very light blue color.', 'science'),"
                        + " (6, 'Café culture', 'Drinking coffee in a café with friends.', 'food'),"
                        + " (7, 'Allocution', 'A formal speech giving advice or a warning.', 'language'),"
                        + " (8, 'Waterfall', 'A cascade of water falling from a height.', 'geography'),"
                        + " (9, 'Sea salt', 'Salt made by evaporating sea water.', 'food'),"
                        + " (10, 'Blue whale', 'The largest animal that lives in the sea.', 'science')",
                "insert into docs(id, title, body, lang, category) values"
                        + " (11, 'Les maisons', 'Les maisons anciennes de la ville sont belles.', 'french', 'ville'),"
                        + " (12, 'La rivière', 'Une rivière traverse la ville.', 'french', 'ville')");
        return Database.of(database.dataSource());
    }

    static SearchIndex.Builder index(Database db) {
        return SearchIndex.builder(db, "docs")
                .field("title", Weight.A)
                .field("body", Weight.D)
                .languageColumn("lang", "english", "french")
                .unaccent(true)
                .fuzzy("title")
                .vocabulary(true);
    }
}
