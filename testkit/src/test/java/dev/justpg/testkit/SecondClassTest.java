package dev.justpg.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SecondClassTest {

    @RegisterExtension
    static PostgresExtension pg = new PostgresExtension();

    @BeforeAll
    static void schema() {
        pg.database().execute("create table only_here(id int)");
    }

    @Test
    void eachClassHasItsOwnDatabaseOnTheSameServer() {
        assertThat(pg.database().name()).startsWith("t_secondclasstest_");
        assertThat(pg.database().server()).isSameAs(PostgresExtension.server());
        pg.database().execute("insert into only_here values (1)");
    }
}
