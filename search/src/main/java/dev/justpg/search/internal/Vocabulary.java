package dev.justpg.search.internal;

import dev.justpg.core.Database;
import dev.justpg.search.Suggestion;
import java.sql.SQLException;
import java.util.List;

/** Builds and reads the vocabulary table (word, number of rows that contain it). */
public final class Vocabulary {

    private static final String WORD_FILTER = "length(word) BETWEEN 3 AND 40 AND word !~ '[0-9_]'";

    private final IndexSpec spec;
    private final Database primary;
    private final Database read;

    /**
     * A vocabulary.
     *
     * @param spec the definition
     * @param primary where the table is written
     * @param read where it is read
     */
    public Vocabulary(IndexSpec spec, Database primary, Database read) {
        this.spec = spec;
        this.primary = primary;
        this.read = read;
    }

    private String document(String qualifier) {
        StringBuilder b = new StringBuilder("concat_ws(' '");
        for (FieldSpec f : spec.fields()) {
            b.append(", ").append(qualifier).append(f.id().quoted());
        }
        return "to_tsvector('simple'::regconfig, " + spec.un(b + ")") + ")";
    }

    /**
     * Rebuilds the vocabulary from the whole table with {@code ts_stat}, in one transaction.
     *
     * @return the number of words
     */
    public long rebuild() {
        String inner = "SELECT " + document("") + " FROM " + spec.table().quoted();
        String vt = spec.vocabTable().quoted();
        String st = spec.vocabStateTable().quoted();
        return primary.inTransaction(tx -> {
            tx.update("DELETE FROM " + vt);
            tx.update("INSERT INTO " + vt + " (word, ndoc) SELECT word, ndoc FROM ts_stat('"
                    + inner.replace("'", "''") + "') WHERE " + WORD_FILTER);
            tx.update("INSERT INTO " + st + " (id, last_key) SELECT 1, max(" + spec.keyId().quoted() + ") FROM "
                    + spec.table().quoted() + " ON CONFLICT (id) DO UPDATE SET last_key = excluded.last_key");
            return tx.queryOne("SELECT count(*) FROM " + vt, rs -> rs.getLong(1));
        });
    }

    /**
     * Adds the words of rows whose key is above the high-water mark, in batches of one
     * transaction each.
     *
     * @param batchSize rows per batch
     * @return the number of rows read
     */
    public long refresh(int batchSize) {
        String k = spec.keyId().quoted();
        String vt = spec.vocabTable().quoted();
        String st = spec.vocabStateTable().quoted();
        String sql = "WITH s AS (SELECT last_key FROM " + st + " WHERE id = 1),"
                + " b AS (SELECT t." + k + " AS k, " + document("t.") + " AS v FROM " + spec.table().quoted() + " t"
                + " WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.last_key IS NOT NULL AND t." + k + " <= s.last_key)"
                + " ORDER BY t." + k + " LIMIT ?),"
                + " w AS (SELECT u.lexeme AS word, count(*) AS n FROM b, unnest(b.v) u GROUP BY u.lexeme),"
                + " ins AS (INSERT INTO " + vt + " AS vt (word, ndoc) SELECT word, n FROM w WHERE " + WORD_FILTER
                + " ON CONFLICT (word) DO UPDATE SET ndoc = vt.ndoc + excluded.ndoc),"
                + " up AS (INSERT INTO " + st + " (id, last_key) SELECT 1, max(k) FROM b HAVING count(*) > 0"
                + " ON CONFLICT (id) DO UPDATE SET last_key = excluded.last_key)"
                + " SELECT count(*) FROM b";
        long total = 0;
        while (true) {
            long n = primary.inTransaction(tx -> tx.queryOne(sql, rs -> rs.getLong(1), batchSize));
            total += n;
            if (n < batchSize) {
                return total;
            }
        }
    }

    /**
     * Vocabulary words that start with a prefix, most frequent first.
     *
     * @param prefix the typed prefix (lower-cased and unaccented like the vocabulary)
     * @param limit how many
     * @return words with their row counts
     */
    public List<Suggestion> complete(String prefix, int limit) {
        String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        try {
            return read.withConnection(c -> Statements.query(c, new Sql().a("SELECT word, ndoc FROM "
                    + spec.vocabTable().quoted() + " WHERE word LIKE (" + spec.un("lower(?)") + " || '%')")
                    .addValue(escaped).a(" ORDER BY ndoc DESC, word LIMIT ").bind(limit),
                    rs -> new Suggestion(rs.getString(1), rs.getLong(2))));
        } catch (SQLException e) {
            throw Statements.fail("autocomplete on " + spec.vocabTable(), e);
        }
    }
}
