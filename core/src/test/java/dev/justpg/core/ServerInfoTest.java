package dev.justpg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.testkit.PostgresServer;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import dev.justpg.testkit.TestRole;
import org.junit.jupiter.api.Test;

@PostgresTest
class ServerInfoTest {

    @Test
    void readsTheServerVersion(TestDatabase db, PostgresServer server) {
        ServerVersion v = Database.of(db.dataSource()).serverVersion();
        assertThat(v.major()).isEqualTo(server.majorVersion());
        assertThat(v.text()).startsWith(server.version());
        assertThat(v.atLeast(v.major())).isTrue();
        assertThat(v.atLeast(v.major() + 1)).isFalse();
    }

    @Test
    void featureChecksNameTheFeatureTheServerAndTheFix(TestDatabase db) {
        Database database = Database.of(db.dataSource());
        database.requireServerVersion(10, "anything old");
        assertThatThrownBy(() -> database.requireServerVersion(99, "time travel"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("time travel needs PostgreSQL 99 or newer")
                .hasMessageContaining(database.serverVersion().text());
    }

    @Test
    void ensuresExtensionsIdempotently(TestDatabase db) {
        Database database = Database.of(db.dataSource());
        assertThat(database.isExtensionAvailable("pg_trgm")).isTrue();
        assertThat(database.isExtensionInstalled("pg_trgm")).isFalse();
        database.ensureExtension("pg_trgm");
        database.ensureExtension("pg_trgm");
        assertThat(database.isExtensionInstalled("pg_trgm")).isTrue();
    }

    @Test
    void missingExtensionsAndPrivilegesGetClearErrors(TestDatabase db) {
        Database admin = Database.of(db.dataSource());
        assertThatThrownBy(() -> admin.ensureExtension("no_such_extension"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("extension no_such_extension is not available")
                .hasMessageContaining("contrib");

        TestRole plain = db.createRole("ext_plain");
        Database app = Database.of(plain.dataSource());
        assertThatThrownBy(() -> app.ensureExtension("unaccent"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("may not create extension unaccent")
                .hasMessageContaining("CREATE EXTENSION IF NOT EXISTS \"unaccent\"")
                .satisfies(e -> assertThat(((JustPgException) e).sqlState()).contains(SqlStates.INSUFFICIENT_PRIVILEGE));
    }
}
