package dev.justpg.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

@PostgresTest
class SearchIndexDdlTest {

    @Test
    void planIsShownAppliedAndThenEmpty(TestDatabase database) {
        Database db = Corpus.create(database);
        SearchIndex index = Corpus.index(db).build();
        DdlPlan plan = index.plan();
        String script = plan.toString();
        assertThat(script).contains("GENERATED ALWAYS AS", "STORED", "USING gin", "gin_trgm_ops",
                "IMMUTABLE", "lock: ACCESS EXCLUSIVE");
        // a dry run changes nothing
        assertThat(index.plan().steps()).hasSameSizeAs(plan.steps());
        plan.apply();
        assertThat(index.plan().isEmpty()).as(index.plan().toString()).isTrue();
        assertThat(index.plan().toString()).contains("nothing to do");
        index.assertIndexesUsed();
    }

    @Test
    void concurrentPlanBuildsIndexesOutsideTransactions(TestDatabase database) {
        Database db = Corpus.create(database);
        SearchIndex index = Corpus.index(db).build();
        DdlPlan plan = index.plan(true);
        assertThat(plan.steps()).filteredOn(s -> s.sql().contains("CONCURRENTLY"))
                .isNotEmpty().allMatch(s -> !s.transactional());
        plan.apply();
        assertThat(index.plan(true).isEmpty()).isTrue();
        index.assertIndexesUsed();
    }

    @Test
    void changedDefinitionRebuildsTheColumn(TestDatabase database) {
        Database db = Corpus.create(database);
        Corpus.index(db).build().migrate();
        SearchIndex changed = Corpus.index(db).field("category", Weight.B).build();
        assertThat(changed.plan().toString()).contains("DROP COLUMN", "ADD COLUMN");
        changed.migrate();
        assertThat(changed.plan().isEmpty()).isTrue();
        assertThat(changed.search("geography", Corpus.DOC).hits()).extracting(h -> h.row().id()).contains(3L, 8L);
    }

    @Test
    void indexCheckNamesTheMissingIndex(TestDatabase database) {
        Database db = Corpus.create(database);
        SearchIndex index = Corpus.index(db).build();
        index.migrate();
        db.execute("drop index docs_search_tsv_top_idx");
        db.execute("drop index docs_title_trgm_idx");
        assertThatThrownBy(index::assertIndexesUsed)
                .isInstanceOf(IndexNotUsedException.class)
                .hasMessageContaining("docs_search_tsv_top_idx")
                .hasMessageContaining("docs_title_trgm_idx")
                .satisfies(e -> assertThat(((IndexNotUsedException) e).missing())
                        .containsExactlyInAnyOrder("docs_search_tsv_top_idx", "docs_title_trgm_idx"));
        index.migrate();
        index.assertIndexesUsed();
    }

    @Test
    void indexOnAnotherExpressionIsNotUsable(TestDatabase database) {
        Database db = Corpus.create(database);
        SearchIndex index = Corpus.index(db).build();
        index.migrate();
        // a trigram index on the raw column does not serve the unaccented expression
        db.execute("drop index docs_title_trgm_idx");
        db.execute("create extension if not exists pg_trgm");
        db.execute("create index docs_title_trgm_idx on docs using gin (title gin_trgm_ops)");
        assertThatThrownBy(index::assertIndexesUsed).isInstanceOf(IndexNotUsedException.class)
                .hasMessageContaining("docs_title_trgm_idx");
    }

    @Test
    void badDefinitionsFailBeforeAnySideEffect(TestDatabase database) {
        Database db = Corpus.create(database);
        assertThatThrownBy(() -> SearchIndex.builder(db, "docs").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fields");
        assertThatThrownBy(() -> SearchIndex.builder(db, "docs").field("title", Weight.A).language("english'; drop").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("language");
        assertThatThrownBy(() -> SearchIndex.builder(db, "docs").field("title", Weight.A).candidateCap(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("candidateCap");
        assertThatThrownBy(() -> SearchIndex.builder(db, "docs").field("nope", Weight.A).build().plan())
                .isInstanceOf(SearchException.class).hasMessageContaining("no column \"nope\"");
        database.execute("create table t2(id int primary key, title text, lang text)");
        assertThatThrownBy(() -> SearchIndex.builder(db, "t2").field("title", Weight.A)
                .languageColumn("lang", "english").build().plan())
                .isInstanceOf(SearchException.class).hasMessageContaining("not regconfig");
        assertThatThrownBy(() -> SearchIndex.builder(db, "missing").field("title", Weight.A).build().plan())
                .isInstanceOf(SearchException.class).hasMessageContaining("does not exist");
    }
}
