package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The plain-words reading and the HTML page. */
class PlanReportTest {

    @Test
    void plainWordsTellWhatEachNodeDidAndWhatToFix() {
        Plan plan = PlanParser.defaults().parse(String.join("\n",
                "Seq Scan on users  (cost=0.00..1000.00 rows=1 width=40) (actual time=0.010..25.000 rows=1 loops=1)",
                "  Filter: (email = 'a@b.c'::text)",
                "  Rows Removed by Filter: 49999",
                "Planning Time: 0.100 ms",
                "Execution Time: 25.100 ms"));
        PlanReport report = PlanReport.of(plan);
        String text = report.text();
        assertThat(text).contains("The statement ran in 25.1 ms after 0.100 ms of planning, returning 1 row.");
        assertThat(text).contains("1. Seq Scan on users: read every row of users and kept those matching"
                + " (email = 'a@b.c'::text) (49,999 rows thrown away). It produced 1 row. Own time 25.0 ms");
        assertThat(text).contains("[CRITICAL] Sequential scan on users keeps 0.002% of the rows it reads");
        assertThat(text).contains("CREATE INDEX CONCURRENTLY ON \"users\" (\"email\")");
        assertThat(report.hotNodes()).containsExactly(plan.root());
    }

    @Test
    void htmlIsSelfContainedAndEscaped() {
        Plan plan = PlanParser.defaults().parse(String.join("\n",
                "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)",
                "  Filter: (name = '<script>alert(1)</script>'::text)"));
        String html = PlanReport.builder(plan).title("Plan <one>").build().html();
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).contains("<title>Plan &lt;one&gt;</title>");
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("http");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).contains("No findings");
    }

    @Test
    void estimatesOnlyPlanSaysSo() {
        Plan plan = PlanParser.defaults().parse(Corpus.read("from-text/09-plan"));
        PlanReport report = PlanReport.of(plan);
        assertThat(report.text()).contains("This plan was not run (EXPLAIN without ANALYZE)");
        assertThat(report.hotNodes().get(0).nodeType()).isEqualTo("Nested Loop");
        assertThat(report.html()).contains("cost");
    }
}
