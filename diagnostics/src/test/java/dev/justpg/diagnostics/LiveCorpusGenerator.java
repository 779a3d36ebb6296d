package dev.justpg.diagnostics;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Captures the live corpus: every query of {@link LiveCorpusQueries} in the four formats, with
 * ANALYZE and BUFFERS, into {@code <justpg.plans.out>/pg<major>/}. Not a test: it runs only when
 * {@code -Djustpg.plans.out=<dir>} is given (with {@code -Djustpg.test.pg=<major>} to pick the
 * server), and its output is checked in under {@code src/test/resources/plans/live}.
 */
@PostgresTest
@EnabledIfSystemProperty(named = "justpg.plans.out", matches = ".+")
class LiveCorpusGenerator {

    private static final Map<String, String> FORMATS = Map.of("txt", "TEXT", "json", "JSON", "yaml", "YAML",
            "xml", "XML");

    @Test
    void capture(TestDatabase database) throws Exception {
        database.execute(LiveCorpusQueries.SCHEMA);
        Database db = Database.of(database.dataSource());
        int major = db.withConnection(c -> c.getMetaData().getDatabaseMajorVersion());
        Path dir = Path.of(System.getProperty("justpg.plans.out"), "pg" + major);
        Files.createDirectories(dir);
        for (LiveCorpusQueries.Query q : LiveCorpusQueries.QUERIES) {
            for (Map.Entry<String, String> f : FORMATS.entrySet()) {
                String out = db.withConnection(c -> {
                    c.setAutoCommit(false);
                    try (Statement st = c.createStatement()) {
                        if (!q.settings().isEmpty()) {
                            st.execute(q.settings());
                        }
                        StringBuilder sb = new StringBuilder();
                        try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT " + f.getValue() + ") "
                                + q.sql())) {
                            while (rs.next()) {
                                sb.append(rs.getString(1)).append('\n');
                            }
                        }
                        return sb.toString();
                    } finally {
                        c.rollback();
                        c.setAutoCommit(true);
                    }
                });
                Files.writeString(dir.resolve(q.name() + "." + f.getKey()), out);
            }
        }
    }
}
