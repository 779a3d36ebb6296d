package dev.justpg.diagnostics.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import dev.justpg.testkit.TestRole;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Without superuser: a role with only pg_monitor runs every check, finds what the catalogs show,
 * and reports what it could not see; a role without pg_monitor reports hidden sessions.
 */
@PostgresTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitorRoleTest {

    @Test
    void pgMonitorRoleRunsEverythingAndSaysWhatItCouldNotSee(TestDatabase database) throws Exception {
        database.execute(
                "create table parents (id bigint primary key)",
                "create table children (id bigint primary key, parent_id bigint references parents)",
                "create table profiles (id int primary key, nickname text)",
                "insert into profiles select g, case when g % 100 = 0 then 'n' || g end from generate_series(1, 5000) g",
                "create index profiles_nickname on profiles (nickname)",
                "create sequence nearly maxvalue 1000", "select setval('nearly', 950)", "analyze");
        TestRole monitor = database.createRole("health_monitor");
        database.execute("grant pg_monitor to health_monitor");
        try (Connection idle = database.dataSource().getConnection()) {
            idle.setAutoCommit(false);
            try (Statement s = idle.createStatement()) {
                s.execute("select 'admin-idle'");
            }
            HealthThresholds t = HealthThresholds.builder().idleInTransaction(Duration.ofMillis(300)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            HealthReport r;
            do {
                Thread.sleep(400);
                r = HealthCheck.builder(monitor.dataSource()).without(CheckId.CONFIGURATION).thresholds(t).build().run();
            } while (r.findings(CheckId.IDLE_IN_TRANSACTION).isEmpty() && System.nanoTime() < deadline);
            idle.rollback();

            assertThat(r.user()).isEqualTo("health_monitor");
            assertThat(r.findings(CheckId.FK_WITHOUT_INDEX)).extracting(HealthFinding::object)
                    .containsExactly("public.children.children_parent_id_fkey");
            assertThat(r.findings(CheckId.IDLE_IN_TRANSACTION)).as("pg_monitor sees other roles' sessions")
                    .anyMatch(f -> f.explanation().contains("admin-idle"));
            assertThat(r.findings(CheckId.INDEX_MOSTLY_NULLS)).isEmpty();
            assertThat(r.skipped()).anyMatch(s -> s.check() == CheckId.INDEX_MOSTLY_NULLS && s.partial()
                    && s.reason().contains("pg_stats"));
            assertThat(r.skipped()).anyMatch(s -> s.check() == CheckId.SEQUENCE_NEAR_EXHAUSTION && s.partial()
                    && s.reason().contains("grant SELECT"));
            assertThat(r.skipped()).noneMatch(s -> !s.partial() && s.check() != CheckId.SLOW_QUERY);
        }
    }

    @Test
    void roleWithoutPgMonitorReportsHiddenSessions(TestDatabase database) throws Exception {
        TestRole plain = database.createRole("health_plain");
        try (Connection other = database.dataSource().getConnection()) {
            HealthReport r = HealthCheck.builder(plain.dataSource())
                    .checks(CheckId.LONG_RUNNING_QUERY, CheckId.IDLE_IN_TRANSACTION, CheckId.BLOCKED_QUERIES).build().run();
            assertThat(r.skipped()).extracting(SkippedCheck::check).containsExactlyInAnyOrder(CheckId.LONG_RUNNING_QUERY,
                    CheckId.IDLE_IN_TRANSACTION, CheckId.BLOCKED_QUERIES);
            assertThat(r.skipped().get(0).reason()).contains("pg_read_all_stats");
            assertThat(other.isValid(1)).isTrue();
        }
    }
}
