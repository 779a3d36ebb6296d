package dev.justpg.diagnostics.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each schema check fires on a condition planted for it, and names the object and the fix. */
@PostgresTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchemaChecksTest {

    private static Database db;
    private static HealthReport report;

    @BeforeAll
    static void plant(TestDatabase database) throws Exception {
        database.execute(
                "create table customers (id bigint generated always as identity primary key, email text not null unique)",
                "create table orders (id bigint primary key, customer_id bigint not null references customers, total numeric)",
                "create index orders_customer_idx on orders (customer_id)",
                // FK without index
                "create table lines (id bigint primary key, order_id bigint references orders)",
                // duplicate
                "create index orders_total_a on orders (total)",
                "create index orders_total_b on orders (total)",
                // overlapping
                "create table events (id bigint primary key, kind text not null, at timestamptz not null)",
                "create index events_kind on events (kind)",
                "create index events_kind_at on events (kind, at)",
                // invalid index from a failed concurrent build; no primary key either
                "create table dupes (id int, v int)",
                "insert into dupes values (1, 1), (2, 1)",
                // FK type mismatch (int -> bigint), also without index
                "create table refs (id int primary key, customer_id int references customers)",
                // sequences
                "create sequence nearly maxvalue 1000",
                "select setval('nearly', 900)",
                "create table legacy (id serial primary key)",
                "select setval('legacy_id_seq', 2000000000)",
                // an index on a mostly-NULL column
                "create table profiles (id int primary key, nickname text)",
                "insert into profiles select g, case when g % 100 = 0 then 'n' || g end from generate_series(1, 10000) g",
                "create index profiles_nickname on profiles (nickname)",
                // an unused index on a table read through its primary key
                "create table items (id int primary key, note text)",
                "create index items_note on items (note)",
                "insert into items select g, 'note ' || g from generate_series(1, 1000) g",
                "analyze");
        try {
            database.execute("create unique index concurrently dupes_v on dupes (v)");
        } catch (RuntimeException expected) {
            // leaves dupes_v invalid
        }
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select note from items where id = ?")) {
            for (int i = 1; i <= 60; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
        db = Database.of(database.dataSource());
        waitForScans(database, "items", 60);
        report = HealthCheck.builder(db).kind(CheckId.Kind.SCHEMA).build().run();
    }

    /** Statistics reach the shared counters when the reading session ends; wait for them (bounded). */
    static void waitForScans(TestDatabase database, String table, long atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select coalesce(idx_scan, 0) + coalesce(seq_scan, 0)"
                            + " from pg_stat_user_tables where relname = '" + table + "'")) {
                if (rs.next() && rs.getLong(1) >= atLeast) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the scans of " + table + " never reached the statistics within 30 s");
    }

    private static List<String> objects(CheckId id) {
        return report.findings(id).stream().map(HealthFinding::object).toList();
    }

    @Test
    void invalidIndex() {
        assertThat(objects(CheckId.INVALID_INDEX)).containsExactly("public.dupes_v");
        HealthFinding f = report.findings(CheckId.INVALID_INDEX).get(0);
        assertThat(f.fix().orElseThrow()).contains("DROP INDEX CONCURRENTLY \"public\".\"dupes_v\"")
                .contains("CREATE UNIQUE INDEX CONCURRENTLY dupes_v");
    }

    @Test
    void duplicateIndexKeepsOne() {
        assertThat(objects(CheckId.DUPLICATE_INDEX)).containsExactly("public.orders_total_b");
    }

    @Test
    void overlappingIndex() {
        assertThat(objects(CheckId.OVERLAPPING_INDEX)).containsExactly("public.events_kind");
    }

    @Test
    void foreignKeysWithoutIndex() {
        assertThat(objects(CheckId.FK_WITHOUT_INDEX)).containsExactlyInAnyOrder("public.lines.lines_order_id_fkey",
                "public.refs.refs_customer_id_fkey");
        assertThat(report.findings(CheckId.FK_WITHOUT_INDEX).get(0).fix().orElseThrow())
                .startsWith("CREATE INDEX CONCURRENTLY ON \"public\".");
    }

    @Test
    void tableWithoutPrimaryKey() {
        assertThat(objects(CheckId.TABLE_WITHOUT_PRIMARY_KEY)).containsExactly("public.dupes");
    }

    @Test
    void foreignKeyTypeMismatch() {
        assertThat(objects(CheckId.FK_TYPE_MISMATCH)).containsExactly("public.refs.refs_customer_id_fkey");
        assertThat(report.findings(CheckId.FK_TYPE_MISMATCH).get(0).explanation()).contains("integer", "bigint");
    }

    @Test
    void sequenceNearItsMax() {
        assertThat(objects(CheckId.SEQUENCE_NEAR_EXHAUSTION)).containsExactly("public.nearly");
        assertThat(report.findings(CheckId.SEQUENCE_NEAR_EXHAUSTION).get(0).evidence().get("used_fraction"))
                .isBetween(0.89, 0.91);
    }

    @Test
    void int4KeyNearItsLimit() {
        assertThat(objects(CheckId.INT4_KEY_NEAR_LIMIT)).containsExactly("public.legacy.id");
        assertThat(report.findings(CheckId.INT4_KEY_NEAR_LIMIT).get(0).fix().orElseThrow()).contains("TYPE bigint");
    }

    @Test
    void indexOnMostlyNulls() {
        assertThat(objects(CheckId.INDEX_MOSTLY_NULLS)).containsExactly("public.profiles_nickname");
        assertThat(report.findings(CheckId.INDEX_MOSTLY_NULLS).get(0).fix().orElseThrow()).contains("IS NOT NULL");
    }

    @Test
    void unusedIndexWhileTheTableIsRead() {
        assertThat(objects(CheckId.UNUSED_INDEX)).contains("public.items_note")
                .doesNotContain("public.items_pkey", "public.customers_email_key");
    }

    @Test
    void fewRoundTripsAndNothingSkippedAsSuperuser() {
        assertThat(report.skipped()).isEmpty();
        assertThat(report.roundTrips()).isLessThanOrEqualTo(12);
    }

    @Test
    void assertionFailsOnAnFkWithoutIndexUnlessAccepted() {
        assertThatThrownBy(() -> HealthAssertions.assertThat(db).hasNoFindings(CheckId.FK_WITHOUT_INDEX))
                .isInstanceOf(AssertionError.class).hasMessageContaining("public.lines.lines_order_id_fkey")
                .hasMessageContaining("CREATE INDEX CONCURRENTLY");
        HealthReport r = HealthAssertions.assertThat(db).accept(CheckId.FK_WITHOUT_INDEX, "public.lines.*")
                .accept(CheckId.FK_WITHOUT_INDEX, "public.refs.refs_customer_id_fkey")
                .hasNoFindings(CheckId.FK_WITHOUT_INDEX);
        assertThat(r.findings()).hasSize(2);
    }

    @Test
    void reportsRenderEveryFinding() {
        String text = report.toText();
        String json = report.toJson();
        String html = report.toHtml();
        for (HealthFinding f : report.findings()) {
            assertThat(text).contains(f.object());
            assertThat(json).contains("\"object\" : \"" + f.object() + "\"");
        }
        assertThat(json).contains("\"schema\" : \"justpg.health/1\"");
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("http://")
                .doesNotContain("https://").contains("public.dupes_v");
    }

    @Test
    void jsonFollowsTheDocumentedSchema() throws Exception {
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(report.toJson());
        assertThat(root.fieldNames()).toIterable().containsExactly("schema", "database", "serverVersion", "user",
                "generatedAt", "elapsedMillis", "roundTrips", "checks", "findings", "skipped", "tableSizes",
                "topStatements", "slowestStatements", "statementStatsAgeSeconds");
        com.fasterxml.jackson.databind.JsonNode f = root.get("findings").get(0);
        assertThat(f.fieldNames()).toIterable().containsExactly("check", "severity", "object", "evidence",
                "explanation", "fix");
        assertThat(root.get("findings")).hasSize(report.findings().size());
        assertThat(root.get("roundTrips").asInt()).isEqualTo(report.roundTrips());
        assertThat(root.get("tableSizes").get(0).fieldNames()).toIterable().containsExactly("table", "totalBytes",
                "tableBytes", "indexBytes", "toastBytes", "estimatedRows");
    }

    @Test
    void thresholdsAndAcceptedPatternsAreValidated() {
        assertThatThrownBy(() -> HealthThresholds.builder().bloatFraction(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bloatFraction");
        assertThatThrownBy(() -> HealthThresholds.builder().deadTupleOvershoot(0.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadTupleOvershoot");
        assertThatThrownBy(() -> HealthAssertions.assertThat(db).accept(CheckId.UNUSED_INDEX, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object");
        // "public.dupes" must not accept "public.dupesX": the pattern is anchored, '.' is literal
        assertThatThrownBy(() -> HealthAssertions.assertThat(db).accept(CheckId.TABLE_WITHOUT_PRIMARY_KEY, "public_dupes")
                .hasNoFindings(CheckId.TABLE_WITHOUT_PRIMARY_KEY)).isInstanceOf(AssertionError.class);
        HealthAssertions.assertThat(db).accept(CheckId.TABLE_WITHOUT_PRIMARY_KEY, "*.dupes")
                .hasNoFindings(CheckId.TABLE_WITHOUT_PRIMARY_KEY);
    }

    @Test
    void statementTimeoutIsValidated() {
        assertThatThrownBy(() -> HealthCheck.builder(db).statementTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statementTimeout");
    }

}
