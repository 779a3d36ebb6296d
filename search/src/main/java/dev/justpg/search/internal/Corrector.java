package dev.justpg.search.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typo correction from the vocabulary table: a word that is not in the vocabulary is replaced by
 * the vocabulary word with the smallest edit distance (at most 1 for words up to 4 letters, at
 * most 2 otherwise) among the trigram-similar ones; ties go to the more similar, then the more
 * frequent word.
 */
public final class Corrector {

    private final IndexSpec spec;

    /**
     * A corrector.
     *
     * @param spec the definition
     */
    public Corrector(IndexSpec spec) {
        this.spec = spec;
    }

    private record Candidate(String query, String normalized, boolean known, String word, float similarity, long ndoc) {
    }

    /**
     * The statement that looks up the words: per word, whether it is known, and its nearest
     * vocabulary words. Needs {@code pg_trgm.similarity_threshold} set in the transaction.
     *
     * @param words lower-case words
     * @return the statement
     */
    public Sql lookupSql(List<String> words) {
        String vt = spec.vocabTable().quoted();
        String norm = spec.un("lower(w.q)");
        return new Sql().a("SELECT w.q, " + norm + " AS qn, EXISTS (SELECT 1 FROM " + vt + " k WHERE k.word = "
                + norm + ") AS known, v.word, v.s, v.ndoc FROM unnest(").bind(words.toArray(new String[0]))
                .a("::text[]) AS w(q) LEFT JOIN LATERAL (SELECT word, similarity(word, " + norm + ") AS s, ndoc FROM " + vt
                        + " WHERE word % " + norm + " ORDER BY s DESC, ndoc DESC, word LIMIT 30) v ON TRUE");
    }

    /**
     * The corrections of the unknown words.
     *
     * @param c a connection in a transaction with the similarity threshold set
     * @param words lower-case words
     * @return word to its correction, only for corrected words
     * @throws SQLException on a database error
     */
    public Map<String, String> corrections(Connection c, List<String> words) throws SQLException {
        List<String> candidates = words.stream().filter(w -> w.codePointCount(0, w.length()) >= 3
                && !w.chars().allMatch(Character::isDigit)).toList();
        Map<String, String> out = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return out;
        }
        List<Candidate> rows = Statements.query(c, lookupSql(candidates), rs -> new Candidate(rs.getString(1),
                rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getFloat(5), rs.getLong(6)));
        for (String w : candidates) {
            List<Candidate> mine = new ArrayList<>();
            boolean known = false;
            for (Candidate r : rows) {
                if (r.query().equals(w)) {
                    known |= r.known();
                    if (r.word() != null) {
                        mine.add(r);
                    }
                }
            }
            if (known || mine.isEmpty()) {
                continue;
            }
            String normalized = mine.get(0).normalized();
            int max = normalized.length() <= 4 ? 1 : 2;
            mine.stream()
                    .filter(r -> EditDistance.damerau(normalized, r.word(), max) <= max)
                    .min(Comparator.<Candidate>comparingInt(r -> EditDistance.damerau(normalized, r.word(), max))
                            .thenComparing(r -> -r.similarity())
                            .thenComparing(r -> -r.ndoc())
                            .thenComparing(Candidate::word))
                    .ifPresent(best -> out.put(w, best.word()));
        }
        return out;
    }
}
