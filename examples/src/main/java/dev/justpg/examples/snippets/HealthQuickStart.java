package dev.justpg.examples.snippets;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthAssertions;
import dev.justpg.diagnostics.health.HealthCheck;
import dev.justpg.diagnostics.health.HealthFinding;
import dev.justpg.diagnostics.health.HealthReport;
import dev.justpg.diagnostics.health.HealthThresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/** The README's health quick start, compiled so the README cannot drift from the API. */
final class HealthQuickStart {

    private HealthQuickStart() {
    }

    static HealthReport quickStart(DataSource dataSource) throws IOException {
        HealthReport report = HealthCheck.builder(dataSource)
                .thresholds(HealthThresholds.builder().longRunningQuery(Duration.ofSeconds(30)).build())
                .build().run();                           // every check, ~12 statements, one connection
        for (HealthFinding f : report.findingsAtLeast(Severity.MEDIUM)) {
            System.out.println(f.severity() + " " + f.check() + " " + f.object() + ": " + f.explanation());
            f.fix().ifPresent(System.out::println);       // CREATE INDEX CONCURRENTLY ON "public"."lines" ("order_id");
        }
        report.skipped().forEach(s -> System.out.println("not checked: " + s.check() + ": " + s.reason()));
        Files.writeString(Path.of("health.html"), report.toHtml());   // or toText(), toJson()

        // in a test after the migrations: fail the build on an FK without index, a duplicate index...
        HealthAssertions.assertThat(dataSource)
                .accept(CheckId.TABLE_WITHOUT_PRIMARY_KEY, "public.audit_log")
                .hasNoFindings();
        return report;
    }
}
