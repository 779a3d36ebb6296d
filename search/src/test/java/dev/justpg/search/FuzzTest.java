package dev.justpg.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.search.internal.InputParser;
import dev.justpg.search.internal.ParsedInput;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thousands of random and hostile inputs: never an exception, never an SQL error. */
@PostgresTest
class FuzzTest {

    private static final String[] HOSTILE = {
        "", " ", "\"", "\"\"", "\"\"\"", "\"water", "water\"", "-", "--", "-\"", "- -", "or", "or or", "water or",
        "or water", ":*", "&", "|", "!", "()", "(", ")", "\\", "'", "''", "water:*", "water & sea", "water | sea",
        "!water", "(water", "water)", "wa'ter", "wat\\er", "water\u0000sea", "\u0000", "😀", "water 😀", "😀water",
        "🇫🇷", "e\u0301", "\u0301", "\ud800", "\udc00water", "ŉ", "ŉwater", "'; drop table docs; --",
        "$$", "$1", "?", "%", "_", "%water%", "<b>", "&amp;", "\t\n\r", "\u2028", "\u200b", "ｗａｔｅｒ",
        "ǅ", "ﬁsh", "İstanbul", "straße", "漢字", "водa", "العربية", "१२३", "²", "Ⅻ", "a-b-c", "-a-b", "a--b",
        "..", "a..b", "@", "a@b.com", "http://x.y/z?q=1", "1.5e10", "0x1F", "-1", "+1", "~water", "water~2",
        "water^3", "title:water", "NOT water", "water AND sea", "\"water sea", "\"-water\"", "-\"water\"",
        "\"or\"", "\"the\"", "the", "the:*", "a", "I", "-the", "\"a b c d e f g h\"",
    };

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void noInputFailsOrReachesSqlUnbound(TestDatabase database) {
        Database db = Corpus.create(database);
        SearchIndex index = Corpus.index(db).build();
        index.migrate();
        index.rebuildVocabulary();
        List<String> inputs = new ArrayList<>(List.of(HOSTILE));
        inputs.add("water ".repeat(2000)); // 12 KB
        inputs.add("\"".repeat(10_000));
        inputs.add("x".repeat(10_000));
        inputs.add("😀".repeat(5000));
        Random random = new Random(42);
        String alphabet = "\"-:*&|!()\\' \u0000\t😀éaAwz09.@%_<>$?ŉ\u0301";
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(24);
            for (int j = 0; j < len; j++) {
                if (random.nextInt(4) == 0) {
                    b.append(new String[] {"water", "sea", "or", "the", "maison", "café"}[random.nextInt(6)]);
                } else if (random.nextInt(10) == 0) {
                    b.appendCodePoint(random.nextInt(0x10FFFF));
                } else {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            inputs.add(b.toString());
        }
        int withHits = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String input = inputs.get(i);
            SearchQuery q = SearchQuery.of(input).prefix(i % 2 == 0).fuzzy(i % 3 == 0).highlight("title");
            SearchResults<Corpus.Doc> r = index.search(q, Corpus.DOC);
            assertThat(r.hits().isEmpty()).isEqualTo(r.reason().isPresent());
            if (!r.isEmpty()) {
                withHits++;
            }
            if (i % 20 == 0) {
                index.facets(q, 3, "category");
                index.complete(input, 3);
                index.didYouMean(input);
            }
        }
        assertThat(withHits).as("the fuzz inputs also exercise real matches").isGreaterThan(100);
    }

    @Test
    void canonicalTextIsBoundedAndFreeOfControlCharacters() {
        InputParser parser = new InputParser(SearchIndex.DEFAULT_MAX_INPUT_CHARS, SearchIndex.DEFAULT_MAX_TERMS);
        ParsedInput big = parser.parse("word ".repeat(5000), true);
        assertThat(big.truncated()).isTrue();
        assertThat(big.websearch().split(" ")).hasSizeLessThanOrEqualTo(SearchIndex.DEFAULT_MAX_TERMS);
        ParsedInput nul = parser.parse("wa\u0000ter \"sea", false);
        assertThat(nul.websearch()).isEqualTo("wa ter sea");
        assertThat(parser.parse("-\"sea salt\" or water -x", false).websearch()).isEqualTo("-\"sea salt\" or water -x");
        assertThat(parser.parse("blue wha", true).prefixWord()).isEqualTo("wha");
        assertThat(parser.parse("blue wha ", true).prefixWord()).isNull();
        assertThat(parser.parse(":*&|!()\\", true).isEmpty()).isTrue();
    }
}
