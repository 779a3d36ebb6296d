package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.Database;
import dev.justpg.core.JustPgException;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Explainer on a real server: bind parameters, rollback of DML, statement timeout, bad input. */
@PostgresTest
class ExplainerTest {

    private static Database db;
    private static Explainer explainer;

    @BeforeAll
    static void setUp(TestDatabase database) {
        database.execute("create table accounts (id int primary key, owner text not null, balance int not null)",
                "insert into accounts select g, 'owner' || g, 100 from generate_series(1, 1000) g",
                "analyze accounts");
        db = Database.of(database.dataSource());
        explainer = Explainer.builder(database.dataSource()).build();
    }

    @Test
    void explainsWithBindParameters() {
        Plan plan = explainer.explain("select * from accounts where owner = ? and balance > ?", "owner42", 10);
        assertThat(plan.format()).isEqualTo(PlanFormat.JSON);
        assertThat(plan.analyzed()).isTrue();
        assertThat(plan.root().nodeType()).isEqualTo("Seq Scan");
        assertThat(plan.root().filter().get()).contains("'owner42'::text").contains("(balance > 10)");
        assertThat(plan.root().actualRows()).hasValue(1);
        assertThat(plan.root().buffers()).isPresent();
        assertThat(plan.executionTime()).isPresent();
    }

    @Test
    void explainedUpdateChangesNothing() {
        long before = db.withConnection(c -> dev.justpg.core.internal.Jdbc.query(c,
                "select sum(balance) from accounts", r -> r.getLong(1))).get(0);
        Plan plan = explainer.explain("update accounts set balance = balance + ? where id <= ?", 1000, 500);
        assertThat(plan.root().nodeType()).isEqualTo("ModifyTable");
        assertThat(plan.root().operation()).contains("Update");
        assertThat(plan.nodes().get(1).actualRows()).hasValue(500);
        long after = db.withConnection(c -> dev.justpg.core.internal.Jdbc.query(c,
                "select sum(balance) from accounts", r -> r.getLong(1))).get(0);
        assertThat(after).isEqualTo(before).isEqualTo(100_000);
        Plan delete = explainer.explain("delete from accounts");
        assertThat(delete.root().operation()).contains("Delete");
        assertThat(db.withConnection(c -> dev.justpg.core.internal.Jdbc.query(c,
                "select count(*) from accounts", r -> r.getLong(1))).get(0)).isEqualTo(1000);
    }

    @Test
    void statementTimeoutCancelsTheStatement() {
        Explainer quick = Explainer.builder(db).statementTimeout(Duration.ofMillis(200)).build();
        assertThatThrownBy(() -> quick.explain("select pg_sleep(5)"))
                .isInstanceOf(JustPgException.class)
                .hasMessageContaining("statement timeout")
                .satisfies(e -> assertThat(((JustPgException) e).sqlState()).contains("57014"));
        assertThat(quick.explain("select 1").root().nodeType()).isEqualTo("Result");
    }

    @Test
    void rejectsBadInputBeforeRunningAnything() {
        assertThatThrownBy(() -> explainer.explain("select 1; delete from accounts"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single statement");
        assertThatThrownBy(() -> explainer.explain("EXPLAIN select 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without EXPLAIN");
        assertThatThrownBy(() -> explainer.explain("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(db.withConnection(c -> dev.justpg.core.internal.Jdbc.query(c,
                "select count(*) from accounts", r -> r.getLong(1))).get(0)).isEqualTo(1000);
        // semicolons inside literals, identifiers and comments are not separators
        Plan plan = explainer.explain("select ';' as \"a;b\", $$;$$ -- ;\n ;");
        assertThat(plan.root().nodeType()).isEqualTo("Result");
        assertThatThrownBy(() -> Explainer.builder(db).statementTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statementTimeout");
    }

    @Test
    void withoutAnalyzeTheStatementDoesNotRun() {
        Explainer planOnly = Explainer.builder(db).analyze(false).build();
        assertThat(planOnly.explainCommand()).isEqualTo("EXPLAIN (BUFFERS, SETTINGS, FORMAT JSON)");
        Explainer noBuffers = Explainer.builder(db).buffers(false).build();
        assertThat(noBuffers.explainCommand()).isEqualTo("EXPLAIN (ANALYZE, BUFFERS OFF, SETTINGS, FORMAT JSON)");
        assertThat(noBuffers.explain("select count(*) from generate_series(1, 10)").root().buffers()).isEmpty();
        Plan plan = planOnly.explain("select pg_sleep(30)");
        assertThat(plan.analyzed()).isFalse();
        assertThat(plan.metrics().node(plan.root()).exclusiveTimeMs()).isEmpty();
        assertThat(plan.metrics().node(plan.root()).note().get()).contains("without ANALYZE");
        assertThat(List.of(plan.root().totalCost().getAsDouble())).allMatch(c -> c > 0);
    }
}
