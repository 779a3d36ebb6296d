package dev.justpg.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchTest {

    private SearchIndex index;
    private Database db;

    @BeforeAll
    void setUp(TestDatabase database) {
        db = Corpus.create(database);
        index = Corpus.index(db).build();
        index.migrate();
        index.rebuildVocabulary();
    }

    private List<Long> ids(String text) {
        return ids(SearchQuery.of(text).fuzzy(false));
    }

    private List<Long> ids(SearchQuery q) {
        return index.search(q, Corpus.DOC).hits().stream().map(h -> h.row().id()).toList();
    }

    @Test
    void titleMatchesComeFirstThenRankThenKey() {
        SearchResults<Corpus.Doc> r = index.search(SearchQuery.of("water").fuzzy(false), Corpus.DOC);
        List<Long> ids = r.hits().stream().map(h -> h.row().id()).toList();
        // title matches (tier PRIMARY): 1 "Water", 5 "Color of water"; then body-only matches
        assertThat(ids.subList(0, 2)).containsExactlyInAnyOrder(1L, 5L);
        assertThat(r.hits().get(0).tier()).isEqualTo(MatchTier.PRIMARY);
        assertThat(ids.subList(2, ids.size())).containsExactlyInAnyOrder(2L, 3L, 8L, 9L);
        assertThat(r.hits().subList(2, ids.size())).allMatch(h -> h.tier() == MatchTier.FULL);
        assertThat(r.exhaustive()).isTrue();
        // within a tier: rank descending, ties by key
        for (int i = 1; i < r.hits().size(); i++) {
            SearchHit<Corpus.Doc> a = r.hits().get(i - 1);
            SearchHit<Corpus.Doc> b = r.hits().get(i);
            if (a.tier() == b.tier()) {
                assertThat(a.rank() > b.rank() || (a.rank() == b.rank() && (Long) a.key() < (Long) b.key())).isTrue();
            }
        }
        assertThat(ids).isEqualTo(ids(SearchQuery.of("water").fuzzy(false).exact()));
    }

    @Test
    void weightsDecideTheRankWithinATier() {
        SearchIndex bodyHeavy = SearchIndex.builder(db, "docs").field("title", Weight.A).field("body", Weight.D)
                .languageColumn("lang", "english", "french").unaccent(true).build();
        SearchResults<Corpus.Doc> r = bodyHeavy.search(SearchQuery.of("sea").fuzzy(false), Corpus.DOC);
        // "Sea salt" has sea in the title (weight A) and body: first
        assertThat(r.hits().get(0).row().id()).isEqualTo(9L);
        assertThat(r.hits().get(0).rank()).isGreaterThan(r.hits().get(1).rank());
    }

    @Test
    void phraseExclusionAndOr() {
        assertThat(ids("\"color of water\"")).containsExactly(5L);
        assertThat(ids("\"water color\"")).isEmpty();
        assertThat(ids("water -sea")).doesNotContain(3L, 9L, 1L).contains(5L); // 1 has "seas" in its body
        // typo tolerance never brings an excluded row back
        assertThat(ids(SearchQuery.of("water -sea").limit(50))).doesNotContain(3L, 9L, 1L).doesNotHaveDuplicates();
        assertThat(ids("whale or coffee")).containsExactlyInAnyOrder(10L, 6L);
        assertThat(ids("-\"sea salt\" sea")).doesNotContain(9L).contains(3L, 10L);
    }

    @Test
    void prefixOnTheLastWordForAsYouType() {
        assertThat(ids(SearchQuery.of("waterf").prefix(true).fuzzy(false))).containsExactly(8L);
        assertThat(ids(SearchQuery.of("blue wha").prefix(true).fuzzy(false))).containsExactly(10L);
        // a trailing space means the word is complete
        assertThat(ids(SearchQuery.of("waterf ").prefix(true).fuzzy(false))).isEmpty();
        // a stop word typed as a prefix still works: "the" is a prefix of nothing here but must not fail
        assertThat(ids(SearchQuery.of("the").prefix(true).fuzzy(false))).isEmpty();
        assertThat(ids(SearchQuery.of("whale or cof").prefix(true).fuzzy(false))).containsExactlyInAnyOrder(10L, 6L);
    }

    @Test
    void stemmingInEnglishAndFrenchPerRow() {
        assertThat(ids("running")).contains(4L); // run, runs, runners stem to run
        assertThat(ids("runs")).contains(4L);
        assertThat(ids("maison")).containsExactly(11L); // french row: maisons -> maison
        assertThat(ids("rivières")).containsExactly(12L);
    }

    @Test
    void unaccentBothWays() {
        assertThat(ids("cafe")).containsExactly(6L);
        assertThat(ids("CAFÉ")).containsExactly(6L);
        assertThat(ids("riviere")).containsExactly(12L);
    }

    @Test
    void highlightsOnlyTheAskedFields() {
        SearchResults<Corpus.Doc> r = index.search(SearchQuery.of("whale").highlight("title", "body"), Corpus.DOC);
        assertThat(r.hits()).hasSize(1);
        assertThat(r.hits().get(0).highlights()).containsEntry("title", "Blue <b>whale</b>");
        assertThat(r.hits().get(0).highlights().get("body")).contains("sea");
        assertThat(index.search(SearchQuery.of("whale"), Corpus.DOC).hits().get(0).highlights()).isEmpty();
    }

    @Test
    void nothingSearchableReturnsAReason() {
        assertThat(index.search("   ", Corpus.DOC).reason()).contains(NoResultReason.EMPTY_INPUT);
        assertThat(index.search("!!! :* & | ()", Corpus.DOC).reason()).contains(NoResultReason.EMPTY_INPUT);
        // "the of and" are stop words in English, not in French: the per-row index still searches them
        SearchIndex english = SearchIndex.builder(db, "docs").field("title", Weight.A).field("body", Weight.D)
                .tsvectorColumn("en_tsv").build();
        english.migrate();
        assertThat(english.search(SearchQuery.of("the of and").fuzzy(false), Corpus.DOC).reason())
                .contains(NoResultReason.ONLY_STOP_WORDS);
        // "an" typed as a prefix is searchable although it is a stop word: it finds "animal"
        assertThat(english.search(SearchQuery.of("the of an").prefix(true).fuzzy(false), Corpus.DOC).hits())
                .extracting(h -> h.row().id()).contains(10L);
        assertThat(index.search(SearchQuery.of("-water").fuzzy(false), Corpus.DOC).reason())
                .contains(NoResultReason.ONLY_EXCLUSIONS);
        assertThat(english.search(SearchQuery.of("the -water").fuzzy(false), Corpus.DOC).reason())
                .contains(NoResultReason.ONLY_EXCLUSIONS);
        assertThat(index.search(SearchQuery.of("zyzzyva").fuzzy(false), Corpus.DOC).reason())
                .contains(NoResultReason.NO_MATCH);
    }

    @Test
    void keysetPagesMatchTheExhaustiveOrder() {
        List<Long> all = ids(SearchQuery.of("water or sea").fuzzy(false).exact().limit(100));
        assertThat(all).hasSizeGreaterThan(5);
        for (boolean exact : new boolean[] {false, true}) {
            List<Long> paged = new ArrayList<>();
            SearchQuery q = SearchQuery.of("water or sea").fuzzy(false).exact(exact).limit(2);
            for (int page = 0; page < 20; page++) {
                SearchResults<Corpus.Doc> r = index.search(q, Corpus.DOC);
                r.hits().forEach(h -> paged.add(h.row().id()));
                if (r.nextCursor().isEmpty()) {
                    break;
                }
                q = q.after(r.nextCursor().get());
            }
            assertThat(paged).as("exact=" + exact).isEqualTo(all);
        }
    }

    @Test
    void boundedRankingSaysWhenItSampled() {
        SearchIndex capped = Corpus.index(db).candidateCap(2).build();
        SearchResults<Corpus.Doc> r = capped.search(SearchQuery.of("water").fuzzy(false).limit(10), Corpus.DOC);
        assertThat(r.exhaustive()).isFalse();
        assertThat(r.hits()).hasSizeLessThanOrEqualTo(4);
        SearchResults<Corpus.Doc> e = capped.search(SearchQuery.of("water").fuzzy(false).exact().limit(10), Corpus.DOC);
        assertThat(e.exhaustive()).isTrue();
        assertThat(e.hits()).hasSize(6);
    }

    @Test
    void filtersAreJooqConditionsWithBoundValues() {
        assertThat(ids(SearchQuery.of("water").fuzzy(false).filter(DSL.field("category").eq("geography"))))
                .containsExactlyInAnyOrder(3L, 8L);
        assertThat(ids(SearchQuery.of("water").fuzzy(false).filter(DSL.field("category").eq("x' or '1'='1"))))
                .isEmpty();
    }

    @Test
    void typosAreCorrectedFromTheVocabulary() {
        SearchResults<Corpus.Doc> r = index.search("alocution", Corpus.DOC);
        assertThat(r.hits()).extracting(h -> h.row().id()).containsExactly(7L);
        assertThat(r.hits().get(0).tier()).isEqualTo(MatchTier.CORRECTED);
        assertThat(r.correctedQuery()).contains("allocution");
        assertThat(index.didYouMean("blue whael")).contains("blue whale");
        assertThat(index.didYouMean("blue whale")).isEmpty();
        // edit distance 2 (two substitutions)
        assertThat(index.search("waterfoll", Corpus.DOC).hits()).extracting(h -> h.row().id()).contains(8L);
        // fuzzy off: no correction
        assertThat(index.search(SearchQuery.of("alocution").fuzzy(false), Corpus.DOC).hits()).isEmpty();
    }

    @Test
    void trigramMatchesOnFuzzyFieldsWithoutVocabulary() {
        SearchIndex noVocab = Corpus.index(db).vocabulary(false).build();
        SearchResults<Corpus.Doc> r = noVocab.search("watrfall", Corpus.DOC);
        assertThat(r.hits()).extracting(h -> h.row().id()).contains(8L);
        assertThat(r.hits()).filteredOn(h -> h.row().id() == 8L).allMatch(h -> h.tier() == MatchTier.FUZZY);
    }

    @Test
    void autocompleteAndIncrementalRefresh() {
        assertThat(index.complete("wat", 5)).extracting(Suggestion::word).contains("water", "waterfall");
        assertThat(index.complete("%", 5)).isEmpty();
        db.execute("insert into docs(id, title, body, category) values (100, 'Watershed', 'Land that drains into a river.', 'geography')");
        assertThat(index.complete("watersh", 5)).isEmpty();
        assertThat(index.refreshVocabulary()).isEqualTo(1);
        assertThat(index.complete("watersh", 5)).extracting(Suggestion::word).containsExactly("watershed");
        assertThat(index.refreshVocabulary()).isZero();
        db.execute("delete from docs where id = 100");
    }

    @Test
    void facetsCountPerValueOverTheMatches() {
        Facets f = index.facets(SearchQuery.of("water"), 10, "category");
        assertThat(f.capped()).isFalse();
        assertThat(f.counted()).isEqualTo(6);
        assertThat(f.counts().get("category")).containsExactly(new FacetCount("science", 3),
                new FacetCount("geography", 2), new FacetCount("food", 1));
        SearchIndex capped = Corpus.index(db).facetCap(2).build();
        assertThat(capped.facets(SearchQuery.of("water"), 10, "category").capped()).isTrue();
    }

    @Test
    void jooqHelpersInUsersOwnQueries() {
        var ctx = DSL.using(db.dataSource(), org.jooq.SQLDialect.POSTGRES);
        List<Long> ids = ctx.select(DSL.field("id", Long.class)).from(DSL.table("docs"))
                .where(index.matches("whale or coffee"))
                .orderBy(index.rank("whale or coffee").desc(), DSL.field("id"))
                .fetch(0, Long.class);
        assertThat(ids).containsExactlyInAnyOrder(10L, 6L);
        var tsv = DSL.field(DSL.name("search_tsv"));
        List<String> heads = ctx.select(SearchDsl.headline("english", DSL.field("title", String.class), "whale"))
                .from(DSL.table("docs")).where(SearchDsl.matches(tsv, "english", "whale")).fetch(0, String.class);
        assertThat(heads).containsExactly("Blue <b>whale</b>");
        List<Long> similar = ctx.select(DSL.field("id", Long.class)).from(DSL.table("docs"))
                .where(SearchDsl.wordSimilar(DSL.field("title", String.class), "waterfal"))
                .orderBy(SearchDsl.wordSimilarity(DSL.field("title", String.class), "waterfal").desc())
                .fetch(0, Long.class);
        assertThat(similar.get(0)).isEqualTo(8L);
        assertThat(ctx.fetchCount(DSL.table("docs"), SearchDsl.matches(tsv, "english", "  "))).isZero();
    }

    @Test
    void readsCanGoToAnotherDataSource(TestDatabase database) {
        SearchIndex replica = Corpus.index(db).readFrom(database.dataSource()).build();
        assertThat(replica.search("whale", Corpus.DOC).hits()).hasSize(1);
    }
}
