package dev.justpg.diagnostics.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A well-kept database gets no finding from any check, and every check runs. */
@PostgresTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CleanDatabaseTest {

    static void waitForInserts(TestDatabase database, long rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection c = database.dataSource().getConnection(); java.sql.Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select coalesce(sum(n_tup_ins), 0) from pg_stat_user_tables")) {
                if (rs.next() && rs.getLong(1) >= rows) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the inserts never reached the statistics within 30 s");
    }

    @Test
    void noFindingsAndNothingSkipped(TestDatabase database) throws Exception {
        database.execute("create extension if not exists pg_stat_statements",
                "create table customers (id bigint generated always as identity primary key, email text not null unique)",
                "create table orders (id bigint generated always as identity primary key,"
                        + " customer_id bigint not null references customers, placed_at timestamptz not null)",
                "create index orders_customer on orders (customer_id, placed_at)",
                "insert into customers (email) select 'c' || g || '@example.com' from generate_series(1, 2000) g",
                "insert into orders (customer_id, placed_at) select 1 + g % 2000, now() from generate_series(1, 5000) g");
        // the inserting session's counters reach the shared statistics after it ends; analyze after
        // that, or the late counters count as changes since the analyze
        waitForInserts(database, 7000);
        database.execute("analyze");
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from orders where customer_id = ?")) {
            for (int i = 1; i <= 60; i++) {
                ps.setLong(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
        SchemaChecksTest.waitForScans(database, "orders", 60);
        Database db = Database.of(database.dataSource());
        // the configuration check is left out: the testkit's server runs with fsync off on purpose
        HealthReport r = HealthCheck.builder(db).without(CheckId.CONFIGURATION).build().run();
        assertThat(r.findings()).as(r.toText()).isEmpty();
        assertThat(r.skipped()).as(r.toText()).isEmpty();
        assertThat(r.checks()).hasSize(CheckId.values().length - 1);
        assertThat(r.tableSizes()).extracting(TableSize::table).containsExactly("public.orders", "public.customers");
        assertThat(r.roundTrips()).isLessThanOrEqualTo(13);
        HealthAssertions.assertThat(db).hasNoFindings();
    }
}
