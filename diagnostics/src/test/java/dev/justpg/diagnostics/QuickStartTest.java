package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The README quick start, as written in docs/diagnostics.md, runs. */
@PostgresTest
class QuickStartTest {

    @Test
    void quickStart(TestDatabase database, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        database.execute("create table users (id bigint primary key, email text not null, name text not null)",
                "insert into users select g, 'user' || g || '@example.com', 'User ' || g"
                        + " from generate_series(1, 20000) g", "analyze users");
        DataSource dataSource = database.dataSource();
        String textCopiedFromPsql = Corpus.read("11-psql-frames/text-2-aligned-unicode-single-double-single.plan");
        List<String> printed = new ArrayList<>();

        Explainer explainer = Explainer.builder(dataSource).build();
        Plan plan = explainer.explain("select id, name from users where email = ?", "user4242@example.com");

        List<Finding> findings = PlanAdvisor.defaults().findings(plan);
        for (Finding f : findings) {
            printed.add(f.severity() + " " + f.title() + ": " + f.action());
            f.sql().ifPresent(printed::add);
        }
        printed.add(PlanReport.of(plan).text());
        Files.writeString(dir.resolve("plan.html"), PlanReport.of(plan).html());

        Plan pasted = PlanParser.defaults().parse(textCopiedFromPsql);

        assertThat(printed).contains("CREATE INDEX CONCURRENTLY ON \"users\" (\"email\")");
        assertThat(Files.readString(dir.resolve("plan.html"))).contains("Sequential scan on users");
        assertThat(pasted.root().nodeType()).isEqualTo("Nested Loop");
    }
}
