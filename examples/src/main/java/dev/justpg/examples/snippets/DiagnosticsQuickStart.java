package dev.justpg.examples.snippets;

import dev.justpg.diagnostics.Explainer;
import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.Plan;
import dev.justpg.diagnostics.PlanAdvisor;
import dev.justpg.diagnostics.PlanParser;
import dev.justpg.diagnostics.PlanReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

/** The README's diagnostics quick start, compiled so the README cannot drift from the API. */
final class DiagnosticsQuickStart {

    private DiagnosticsQuickStart() {
    }

    static Plan quickStart(DataSource dataSource, String textCopiedFromPsql) throws IOException {
        Explainer explainer = Explainer.builder(dataSource).build();
        Plan plan = explainer.explain("select id, name from users where email = ?", "user4242@example.com");

        List<Finding> findings = PlanAdvisor.defaults().findings(plan);
        for (Finding f : findings) {
            System.out.println(f.severity() + " " + f.title() + ": " + f.action());
            f.sql().ifPresent(System.out::println);      // CREATE INDEX CONCURRENTLY ON "users" ("email")
        }
        System.out.println(PlanReport.of(plan).text());  // the plan in plain words
        Files.writeString(Path.of("plan.html"), PlanReport.of(plan).html());

        Plan pasted = PlanParser.defaults().parse(textCopiedFromPsql);   // any format, psql frames and all
        return pasted;
    }
}
