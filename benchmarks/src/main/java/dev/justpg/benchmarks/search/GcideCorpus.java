package dev.justpg.benchmarks.search;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The GCIDE dictionary (Debian package {@code dict-gcide}, installed offline with
 * {@code apt-get install dict-gcide}) split into one document per paragraph of an entry (senses,
 * notes, etymology), deduplicated on (headword, text): 957,917 distinct documents. A smaller size
 * takes a seeded random sample, so every size spans the whole alphabet. The parsed corpus is cached
 * under {@code ~/.cache/justpg-bench}.
 */
final class GcideCorpus {

    static final Path INDEX = Path.of("/usr/share/dictd/gcide.index");
    static final Path DICT = Path.of("/usr/share/dictd/gcide.dict.dz");
    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final Pattern PARAGRAPH = Pattern.compile("\\n\\s*\\n");
    private static final Pattern SOURCE = Pattern.compile("\\[1913 Webster\\]|\\[WordNet[^\\]]*\\]|\\[PJC\\]");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    record Doc(long id, String word, String body) {
    }

    private GcideCorpus() {
    }

    static boolean installed() {
        return Files.isReadable(INDEX) && Files.isReadable(DICT);
    }

    static List<Doc> load(int size) throws IOException {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "justpg-bench", "gcide-" + size + ".tsv.gz");
        if (Files.isReadable(cache)) {
            List<Doc> docs = new ArrayList<>(size);
            try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(cache)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] p = line.split("\t", 3);
                    docs.add(new Doc(Long.parseLong(p[0]), p[1], p[2]));
                }
            }
            return docs;
        }
        List<String[]> all = parse();
        Collections.shuffle(all, new Random(42));
        List<Doc> docs = new ArrayList<>(Math.min(size, all.size()));
        for (int i = 0; i < Math.min(size, all.size()); i++) {
            docs.add(new Doc(i + 1, all.get(i)[0], all.get(i)[1]));
        }
        Files.createDirectories(cache.getParent());
        Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(tmp)),
                StandardCharsets.UTF_8))) {
            for (Doc d : docs) {
                w.write(d.id() + "\t" + d.word() + "\t" + d.body() + "\n");
            }
        }
        Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return docs;
    }

    private static List<String[]> parse() throws IOException {
        byte[] dict;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(DICT), 1 << 16)) {
            dict = in.readAllBytes();
        }
        List<String[]> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(INDEX, StandardCharsets.UTF_8)) {
            String[] p = line.split("\t");
            if (p.length < 3 || p[0].startsWith("00-")) {
                continue;
            }
            int off = (int) decode(p[1]);
            int len = (int) decode(p[2]);
            String text = new String(dict, off, len, StandardCharsets.UTF_8);
            String word = SPACE.matcher(p[0].replace('\t', ' ')).replaceAll(" ").strip();
            for (String para : PARAGRAPH.split(text)) {
                String body = SPACE.matcher(SOURCE.matcher(para).replaceAll(" ")).replaceAll(" ").strip();
                if (body.length() < 20) {
                    continue;
                }
                if (seen.add(word + "\u0001" + body)) {
                    out.add(new String[] {word, body});
                }
            }
        }
        return out;
    }

    private static long decode(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            n = n * 64 + B64.indexOf(s.charAt(i));
        }
        return n;
    }
}
