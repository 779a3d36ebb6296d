package dev.justpg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

@PostgresTest
class IdentifierTest {

    @Test
    void emitsQuotedNamesAndDoublesInnerQuotes() {
        assertThat(Identifier.of("users").quoted()).isEqualTo("\"users\"");
        assertThat(Identifier.of("public", "users").quoted()).isEqualTo("\"public\".\"users\"");
        assertThat(Identifier.parse("app.orders")).isEqualTo(Identifier.of("app", "orders"));
        assertThat(Identifier.of("say \"hi\"").quoted()).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Identifier.of("Users").toString()).isEqualTo("\"Users\"");
    }

    @Test
    void rejectsNamesLongerThan63BytesInUtf8NamingTheRule() {
        String ascii63 = "a".repeat(63);
        assertThat(Identifier.of(ascii63).name()).hasSize(63);
        assertThatThrownBy(() -> Identifier.of("a".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 bytes")
                .hasMessageContaining("rule 'at most 63 bytes'");
        // 32 two-byte characters are 64 bytes: too long although only 32 characters.
        assertThatThrownBy(() -> Identifier.of("é".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule 'at most 63 bytes'");
        assertThat(Identifier.of("é".repeat(31) + "a").name()).hasSize(32);
    }

    @Test
    void rejectsEmptyNulAndDottedNamesNamingTheRule() {
        assertThatThrownBy(() -> Identifier.of("")).hasMessageContaining("rule 'not empty'");
        assertThatThrownBy(() -> Identifier.of("  ")).hasMessageContaining("rule 'not empty'");
        assertThatThrownBy(() -> Identifier.of((String) null)).hasMessageContaining("rule 'not empty'");
        assertThatThrownBy(() -> Identifier.of("bad\0name")).hasMessageContaining("rule 'no NUL'");
        assertThatThrownBy(() -> Identifier.of("public.users"))
                .hasMessageContaining("rule 'one part per name'")
                .hasMessageContaining("Identifier.parse");
        assertThatThrownBy(() -> Identifier.parse("a.b.c")).hasMessageContaining("more than one '.'");
        assertThatThrownBy(() -> Identifier.parse(".users")).hasMessageContaining("rule 'not empty'");
    }

    @Test
    void derivedNamesAreCheckedToo() {
        Identifier table = Identifier.of("app", "t".repeat(60));
        assertThatThrownBy(() -> table.withSuffix("_tenant_idx")).hasMessageContaining("rule 'at most 63 bytes'");
        assertThat(Identifier.of("orders").withSuffix("_idx").quoted()).isEqualTo("\"orders_idx\"");
    }

    @Test
    void hostileNamesRoundTripThroughARealServerWithoutInjection(TestDatabase db) {
        Database database = Database.of(db.dataSource());
        List<String> hostile = List.of("x\"; drop table victim; --", "Robert'); DROP TABLE students;--",
                "MiXeD Case", "émoji 🐘", "select");
        database.useTransaction(tx -> tx.update("create table victim(id int)"));
        for (String name : hostile) {
            Identifier id = Identifier.of(name);
            database.useTransaction(tx -> {
                tx.update("create table " + id + " (" + Identifier.of("col " + name.length()) + " int)");
                tx.update("insert into " + id + " values (?)", 7);
            });
            String stored = database.inTransaction(tx -> tx.queryOne(
                    "select relname from pg_class where relname = ?", r -> r.getString(1), name));
            assertThat(stored).isEqualTo(name);
        }
        boolean victimSurvived = database.inTransaction(tx -> tx.queryOne(
                "select to_regclass('victim') is not null", r -> r.getBoolean(1)));
        assertThat(victimSurvived).isTrue();
    }
}
