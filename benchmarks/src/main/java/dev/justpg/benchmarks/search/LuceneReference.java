package dev.justpg.benchmarks.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/** Apache Lucene in-process on the same documents: BM25, word boosted 4x over body, all terms required. */
final class LuceneReference implements AutoCloseable {

    private final Path dir;
    private final FSDirectory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = new EnglishAnalyzer();

    LuceneReference(List<GcideCorpus.Doc> docs) throws IOException {
        dir = Files.createTempDirectory("justpg-bench-lucene");
        directory = FSDirectory.open(dir);
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setRAMBufferSizeMB(256);
        try (IndexWriter w = new IndexWriter(directory, cfg)) {
            for (GcideCorpus.Doc d : docs) {
                Document doc = new Document();
                doc.add(new StoredField("id", d.id()));
                doc.add(new TextField("word", d.word(), Field.Store.NO));
                doc.add(new StringField("word_exact", d.word().toLowerCase(Locale.ROOT), Field.Store.NO));
                doc.add(new TextField("body", d.body(), Field.Store.NO));
                w.addDocument(doc);
            }
            w.forceMerge(1);
        }
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
    }

    List<Long> search(String text, int n) {
        List<String> terms = analyze(text);
        if (terms.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String t : terms) {
            Query either = new BooleanQuery.Builder()
                    .add(new BoostQuery(new TermQuery(new Term("word", t)), 4f), BooleanClause.Occur.SHOULD)
                    .add(new TermQuery(new Term("body", t)), BooleanClause.Occur.SHOULD).build();
            b.add(either, BooleanClause.Occur.MUST);
        }
        return top(b.build(), n);
    }

    List<Long> fuzzy(String word, int n) {
        return top(new FuzzyQuery(new Term("word_exact", word.toLowerCase(Locale.ROOT)), 2), n);
    }

    private List<Long> top(Query q, int n) {
        try {
            List<Long> ids = new ArrayList<>();
            for (ScoreDoc sd : searcher.search(q, n).scoreDocs) {
                ids.add(searcher.storedFields().document(sd.doc).getField("id").numericValue().longValue());
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> analyze(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
