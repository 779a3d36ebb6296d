package dev.justpg.examples;

import dev.justpg.core.Database;
import dev.justpg.diagnostics.Explainer;
import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.Plan;
import dev.justpg.diagnostics.PlanAdvisor;
import dev.justpg.diagnostics.PlanReport;
import java.util.List;

/**
 * Diagnostics: the classic slow query (users looked up by email without an index), decoded in
 * plain words, the index justpg suggests created, and the plan decoded again.
 */
public final class ExplainChapter implements Chapter {

    @Override
    public String title() {
        return "Diagnostics: EXPLAIN decoded, the fix suggested and checked";
    }

    @Override
    public void run(TourContext ctx) throws Exception {
        Database db = ctx.db();
        db.execute("create table users (id bigint primary key, email text not null, name text not null)");
        db.execute("insert into users select g, 'user' || g || '@example.com', 'User ' || g"
                + " from generate_series(1, 100000) g");
        db.execute("analyze users");
        ctx.say("A table of 100,000 users, looked up by email, with no index on email.");

        Explainer explainer = Explainer.builder(db).build();
        String query = "select id, name from users where email = ?";
        Plan before = explainer.explain(query, "user4242@example.com");
        List<Finding> findings = PlanAdvisor.defaults().findings(before);
        ctx.say("Decoded (EXPLAIN ANALYZE ran inside a transaction that was rolled back):");
        for (String line : PlanReport.builder(before).findings(findings).build().text().split("\n")) {
            ctx.say("  %s", line);
        }
        Finding seqScan = findings.stream().filter(f -> f.type() == FindingType.SEQ_SCAN_SELECTIVE_FILTER)
                .findFirst().orElseThrow(() -> new IllegalStateException("expected a sequential-scan finding"));
        String create = seqScan.sql().orElseThrow();
        ctx.say("Running the suggested statement: %s", create);
        db.execute(create);

        Plan after = explainer.explain(query, "user4242@example.com");
        double was = before.executionTime().orElse(Double.NaN);
        double now = after.executionTime().orElse(Double.NaN);
        ctx.say("Decoded again: %s; %s", after.root().describe(), PlanReport.builder(after).build().text()
                .split("\n")[1]);
        ctx.say("Execution time %.3f ms -> %.3f ms (%.0fx faster); findings now: %s.", was, now, was / now,
                PlanAdvisor.defaults().findings(after).isEmpty() ? "none" : PlanAdvisor.defaults().findings(after));
        if (!after.root().nodeType().contains("Index") || !PlanAdvisor.defaults().findings(after).isEmpty()) {
            throw new IllegalStateException("the index did not fix the plan: " + after.root().describe());
        }
    }
}
