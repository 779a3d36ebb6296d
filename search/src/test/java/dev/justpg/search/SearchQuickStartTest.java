package dev.justpg.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Runs the quick start of README.md and docs/search.md as written there. */
@PostgresTest
class SearchQuickStartTest {

    @Test
    void quickStart(TestDatabase database) {
        database.execute("create table products(id bigint primary key, name text, description text)",
                "insert into products values (1, 'Crème brûlée torch', 'A butane torch for caramelising sugar.'),"
                        + " (2, 'Chef knife', 'A 20 cm knife for slicing and chopping.'),"
                        + " (3, 'Sugar thermometer', 'Reads up to 200 degrees for caramel and jam.')");
        DataSource dataSource = database.dataSource();
        String userInput = "creme tor";
        List<String> shown = new ArrayList<>();
        // --- quick start (README.md) ---
        Database db = Database.of(dataSource);
        SearchIndex index = SearchIndex.builder(db, "products")
                .field("name", Weight.A)
                .field("description", Weight.C)
                .unaccent(true)
                .fuzzy("name")
                .build();
        index.migrate(); // or print index.plan() and run it in your migration tool
        SearchResults<String> page = index.search(
                SearchQuery.of(userInput).prefix(true).highlight("name"),
                row -> row.getString("name"));
        page.hits().forEach(hit -> shown.add(hit.highlights().get("name")));
        // --- end of quick start ---
        assertThat(page.rows()).containsExactly("Crème brûlée torch");
        assertThat(shown).containsExactly("Crème brûlée <b>torch</b>");
        // typed with its accents, the accented word is marked too
        assertThat(index.search(SearchQuery.of("crème").highlight("name"), row -> row.getLong("id")).hits().get(0)
                .highlights()).containsEntry("name", "<b>Crème</b> brûlée torch");
        assertThat(index.search(SearchQuery.of("thermometr"), row -> row.getLong("id")).rows()).containsExactly(3L);
    }
}
