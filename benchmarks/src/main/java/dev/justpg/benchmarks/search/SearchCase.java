package dev.justpg.benchmarks.search;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.benchmarks.BenchContext;
import dev.justpg.benchmarks.BenchmarkCase;
import dev.justpg.core.Database;
import dev.justpg.search.SearchIndex;
import dev.justpg.search.SearchQuery;
import dev.justpg.search.Weight;
import dev.justpg.testkit.ConnectionInfo;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.postgresql.PGConnection;

/**
 * {@code search}: top-10 search on GCIDE (one document per paragraph, up to 957,917; size from
 * {@code -Djustpg.bench.search.docs} or {@code JUSTPG_BENCH_SEARCH_DOCS}, default 1,000,000 =
 * everything) for rare, common, multi-term and misspelled queries, one client thread, comparing
 * justpg's bounded search with (a) {@code ILIKE '%term%'}, (b) the copy-paste
 * {@code WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 10} on the same weighted stored column and
 * GIN index, and (c) Apache Lucene in-process (a reference). Prints {@code RATIO search-common},
 * {@code search-rare}, {@code search-typo}, {@code search-vs-lucene} and {@code search-overlap10}.
 */
public final class SearchCase implements BenchmarkCase {

    private static final String COPY_PASTE = "SELECT id, word FROM gcide WHERE search_tsv @@ websearch_to_tsquery("
            + "'english', ?) ORDER BY ts_rank(search_tsv, websearch_to_tsquery('english', ?)) DESC LIMIT ?";
    private static final String ILIKE = "SELECT id, word FROM gcide WHERE body ILIKE '%' || ? || '%' LIMIT 10";

    @Override
    public String name() {
        return "search";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int size = Integer.getInteger("justpg.bench.search.docs",
                Integer.parseInt(System.getenv().getOrDefault("JUSTPG_BENCH_SEARCH_DOCS", "1000000")));
        if (!GcideCorpus.installed()) {
            ctx.note("search: skipped, the corpus is missing: run apt-get install dict-gcide");
            return;
        }
        long t0 = System.nanoTime();
        List<GcideCorpus.Doc> docs = GcideCorpus.load(size);
        ctx.note("search: corpus of %d GCIDE paragraphs ready in %.1f s", docs.size(), secs(t0));
        ConnectionInfo admin = ctx.createDatabase("bench_search");
        Database.of(admin.dataSource()).execute("ALTER DATABASE bench_search SET maintenance_work_mem = '512MB'");
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(admin.dataSource());
        hc.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(hc); LuceneReferenceHolder lucene = new LuceneReferenceHolder()) {
            Database db = Database.of(pool);
            t0 = System.nanoTime();
            db.execute("CREATE TABLE gcide (id bigint PRIMARY KEY, word text NOT NULL, body text NOT NULL)");
            db.withConnection(c -> {
                StringBuilder b = new StringBuilder();
                for (GcideCorpus.Doc d : docs) {
                    b.append(d.id()).append('\t').append(esc(d.word())).append('\t').append(esc(d.body())).append('\n');
                }
                return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY gcide FROM STDIN", new StringReader(b.toString()));
            });
            ctx.note("search: loaded in %.1f s", secs(t0));
            SearchIndex index = SearchIndex.builder(db, "gcide").field("word", Weight.A).field("body", Weight.D)
                    .language("english").fuzzy("word").vocabulary(true).build();
            t0 = System.nanoTime();
            index.migrate();
            ctx.note("search: DDL (generated columns, GIN, trigram) applied in %.1f s", secs(t0));
            t0 = System.nanoTime();
            long words = index.rebuildVocabulary();
            db.execute("ANALYZE gcide");
            db.execute("ANALYZE gcide_search_vocab");
            ctx.note("search: vocabulary of %d words built in %.1f s", words, secs(t0));
            index.assertIndexesUsed();
            t0 = System.nanoTime();
            lucene.ref = new LuceneReference(docs);
            ctx.note("search: Lucene index built in %.1f s", secs(t0));
            new Run(ctx, db, index, lucene.ref, docs).all();
        }
    }

    private static final class LuceneReferenceHolder implements AutoCloseable {
        LuceneReference ref;

        @Override
        public void close() throws Exception {
            if (ref != null) {
                ref.close();
            }
        }
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ");
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** One measured run over the query sets. */
    private static final class Run {
        private final BenchContext ctx;
        private final Database db;
        private final SearchIndex index;
        private final LuceneReference lucene;
        private final List<GcideCorpus.Doc> docs;

        Run(BenchContext ctx, Database db, SearchIndex index, LuceneReference lucene, List<GcideCorpus.Doc> docs) {
            this.ctx = ctx;
            this.db = db;
            this.index = index;
            this.lucene = lucene;
            this.docs = docs;
        }

        void all() throws Exception {
            int n = docs.size();
            List<String> common = db.inTransaction(tx -> tx.query("SELECT word FROM gcide_search_vocab WHERE ndoc BETWEEN ? AND ?"
                    + " AND numnode(to_tsquery('english', word)) > 0 ORDER BY ndoc DESC LIMIT 40",
                    rs -> rs.getString(1), Math.max(50, n / 100), n / 5));
            if (!common.contains("water") && db.inTransaction(tx -> tx.queryOne(
                    "SELECT count(*) FROM gcide_search_vocab WHERE word = 'water'", rs -> rs.getLong(1))) > 0) {
                common = new ArrayList<>(common);
                common.add(0, "water");
            }
            List<String> rare = db.inTransaction(tx -> tx.query("SELECT word FROM gcide_search_vocab WHERE ndoc BETWEEN 2 AND 5"
                    + " AND length(word) >= 5 AND numnode(to_tsquery('english', word)) > 0 ORDER BY md5(word) LIMIT 200",
                    rs -> rs.getString(1)));
            Set<String> vocab = new HashSet<>(db.inTransaction(tx -> tx.query("SELECT word FROM gcide_search_vocab",
                    rs -> rs.getString(1))));
            List<String> multi = multi(vocab);
            List<String[]> typos = typos(vocab);
            ctx.note("search: %d common (e.g. %s), %d rare, %d multi-term (e.g. \"%s\"), %d typo queries (e.g. %s -> %s)",
                    common.size(), common.subList(0, Math.min(5, common.size())), rare.size(), multi.size(),
                    multi.isEmpty() ? "" : multi.get(0), typos.size(), typos.isEmpty() ? "" : typos.get(0)[0],
                    typos.isEmpty() ? "" : typos.get(0)[1]);

            Function<String, List<Long>> justpg = q -> ids(index.search(SearchQuery.of(q).fuzzy(false), rs -> rs.getLong("id")).rows());
            Function<String, List<Long>> exact = q -> ids(index.search(SearchQuery.of(q).fuzzy(false).exact(), rs -> rs.getLong("id")).rows());
            Function<String, List<Long>> copy = q -> copyPaste(q, 10);
            Function<String, List<Long>> luc = q -> lucene.search(q, 10);

            double[] commonJ = pair("common", common, justpg, copy);
            double[] rareJ = pair("rare", rare, justpg, copy);
            double[] multiJ = pair("multi", multi, justpg, copy);
            double lCommon = measure("common", "lucene", common, luc, 2);
            double lRare = measure("rare", "lucene", rare, luc, 2);
            double lMulti = measure("multi", "lucene", multi, luc, 2);
            measure("common", "ilike", common.subList(0, Math.min(3, common.size())), this::ilike, 1);
            measure("rare", "ilike", rare.subList(0, Math.min(3, rare.size())), this::ilike, 1);

            double overlap = overlap(common, justpg, exact);
            double overlapMulti = overlap(multi, justpg, exact);
            ctx.result("search", "overlap10-common", overlap, "fraction");
            ctx.result("search", "overlap10-multi", overlapMulti, "fraction");

            // typos: justpg (typo tolerance on), copy-paste, Lucene FuzzyQuery(maxEdits 2) on the headword
            Function<String, List<Long>> justpgTypo = q -> ids(index.search(SearchQuery.of(q).limit(5), rs -> rs.getLong("id")).rows());
            List<String> typoQueries = typos.stream().map(t -> t[1]).toList();
            measure("typo", "justpg", typoQueries, justpgTypo, 2);
            measure("typo", "copy-paste", typoQueries, q -> copyPaste(q, 5), 1);
            measure("typo", "lucene-fuzzy", typoQueries, q -> lucene.fuzzy(q, 5), 2);
            double hitJ = hitRate(typos, justpgTypo);
            double hitB = hitRate(typos, q -> copyPaste(q, 5));
            double hitL = hitRate(typos, q -> lucene.fuzzy(q, 5));
            ctx.result("search", "typo-top5-hit-rate-justpg", hitJ, "fraction");
            ctx.result("search", "typo-top5-hit-rate-copy-paste", hitB, "fraction");
            ctx.result("search", "typo-top5-hit-rate-lucene-fuzzy", hitL, "fraction");

            ctx.ratio("search-common", "justpg", "copy-paste", commonJ[0] / commonJ[1]);
            ctx.ratio("search-rare", "justpg", "copy-paste", rareJ[0] / rareJ[1]);
            ctx.ratio("search-multi", "justpg", "copy-paste", multiJ[0] / multiJ[1]);
            ctx.ratio("search-typo", "justpg", "lucene-fuzzy", hitJ / Math.max(hitL, 1e-9));
            double jAll = 1 / (1 / commonJ[0] * common.size() + 1 / rareJ[0] * rare.size() + 1 / multiJ[0] * multi.size())
                    * (common.size() + rare.size() + multi.size());
            double lAll = 1 / (1 / lCommon * common.size() + 1 / lRare * rare.size() + 1 / lMulti * multi.size())
                    * (common.size() + rare.size() + multi.size());
            ctx.ratio("search-vs-lucene", "justpg", "lucene", jAll / lAll);
            ctx.ratio("search-overlap10", "justpg", "exact", overlap);
        }

        private static List<Long> ids(List<Long> rows) {
            return rows;
        }

        /** Alternates justpg and copy-paste passes after one warm-up pass each; returns their throughputs. */
        private double[] pair(String set, List<String> queries, Function<String, List<Long>> ours,
                              Function<String, List<Long>> peer) {
            queries.forEach(ours::apply);
            queries.forEach(peer::apply);
            List<Long> a = new ArrayList<>();
            List<Long> b = new ArrayList<>();
            for (int pass = 0; pass < 2; pass++) {
                a.addAll(time(queries, ours));
                b.addAll(time(queries, peer));
            }
            return new double[] {report(set, "justpg", a), report(set, "copy-paste", b)};
        }

        private double measure(String set, String system, List<String> queries, Function<String, List<Long>> f, int passes) {
            if (passes > 1) {
                queries.forEach(f::apply);
            }
            List<Long> all = new ArrayList<>();
            for (int pass = 0; pass < Math.max(1, passes - 1); pass++) {
                all.addAll(time(queries, f));
            }
            return report(set, system, all);
        }

        private static List<Long> time(List<String> queries, Function<String, List<Long>> f) {
            List<Long> out = new ArrayList<>();
            for (String q : queries) {
                long s = System.nanoTime();
                f.apply(q);
                out.add(System.nanoTime() - s);
            }
            return out;
        }

        private double report(String set, String system, List<Long> nanos) {
            long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            double total = Arrays.stream(a).sum() / 1e9;
            double p50 = a[(int) Math.floor((a.length - 1) * 0.5)] / 1e6;
            double p99 = a[(int) Math.ceil(a.length * 0.99) - 1] / 1e6;
            double qps = a.length / total;
            ctx.result("search", set + "-" + system + "-p50", p50, "ms");
            ctx.result("search", set + "-" + system + "-p99", p99, "ms");
            ctx.result("search", set + "-" + system + "-throughput", qps, "queries/s");
            return qps;
        }

        private double overlap(List<String> queries, Function<String, List<Long>> bounded, Function<String, List<Long>> exact) {
            double sum = 0;
            int counted = 0;
            for (String q : queries) {
                List<Long> e = exact.apply(q);
                if (e.isEmpty()) {
                    continue;
                }
                Set<Long> b = new HashSet<>(bounded.apply(q));
                sum += e.stream().filter(b::contains).count() / (double) e.size();
                counted++;
            }
            return counted == 0 ? 1 : sum / counted;
        }

        private double hitRate(List<String[]> typos, Function<String, List<Long>> f) {
            int hits = 0;
            for (String[] t : typos) {
                for (Long id : f.apply(t[1])) {
                    if (docs.get((int) (id - 1)).word().toLowerCase(Locale.ROOT).equals(t[0])) {
                        hits++;
                        break;
                    }
                }
            }
            return hits / (double) typos.size();
        }

        private List<Long> copyPaste(String q, int limit) {
            try {
                return db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(COPY_PASTE)) {
                    ps.setString(1, q);
                    ps.setString(2, q);
                    ps.setInt(3, limit);
                    return read(ps);
                }
            });
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private List<Long> ilike(String q) {
            try {
                return db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(ILIKE)) {
                    ps.setString(1, q);
                    return read(ps);
                }
            });
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private static List<Long> read(PreparedStatement ps) throws java.sql.SQLException {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }

        /** Two or three consecutive words of at least 4 letters from random paragraphs, each word in 50+ rows. */
        private List<String> multi(Set<String> vocab) {
            Random r = new Random(7);
            Set<String> out = new LinkedHashSet<>();
            int tries = 0;
            while (out.size() < 100 && tries++ < 100_000) {
                String[] w = docs.get(r.nextInt(docs.size())).body().toLowerCase(Locale.ROOT).split("[^a-z]+");
                int k = 2 + r.nextInt(2);
                if (w.length < k + 1) {
                    continue;
                }
                int s = r.nextInt(w.length - k);
                boolean ok = true;
                for (int i = s; i < s + k; i++) {
                    ok &= w[i].length() >= 4 && vocab.contains(w[i]);
                }
                if (ok) {
                    out.add(String.join(" ", Arrays.copyOfRange(w, s, s + k)));
                }
            }
            return new ArrayList<>(out);
        }

        /** Headwords of 6 to 12 letters with one or two random edits; misspellings that are real words are skipped. */
        private List<String[]> typos(Set<String> vocab) {
            Random r = new Random(11);
            List<String[]> out = new ArrayList<>();
            Set<String> used = new HashSet<>();
            int skipped = 0;
            int tries = 0;
            while (out.size() < 200 && tries++ < 100_000) {
                String word = docs.get(r.nextInt(docs.size())).word();
                if (!word.matches("[a-z]{6,12}") || !used.add(word)) {
                    continue;
                }
                String typo = word;
                int edits = 1 + out.size() % 2;
                for (int e = 0; e < edits; e++) {
                    typo = edit(typo, r);
                }
                if (typo.equals(word) || vocab.contains(typo)) {
                    skipped++;
                    continue;
                }
                out.add(new String[] {word, typo});
            }
            ctx.note("search: %d misspellings skipped because they are words of the corpus", skipped);
            return out;
        }

        private static String edit(String w, Random r) {
            int i = r.nextInt(w.length());
            char c = (char) ('a' + r.nextInt(26));
            switch (r.nextInt(4)) {
                case 0:
                    return w.substring(0, i) + w.substring(i + 1);
                case 1:
                    return w.substring(0, i) + c + w.substring(i);
                case 2:
                    return w.substring(0, i) + c + w.substring(i + 1);
                default:
                    if (i + 1 >= w.length()) {
                        return w.substring(0, i - 1) + w.charAt(i) + w.charAt(i - 1);
                    }
                    return w.substring(0, i) + w.charAt(i + 1) + w.charAt(i) + w.substring(i + 2);
            }
        }
    }
}
