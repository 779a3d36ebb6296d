package dev.justpg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.testkit.internal.Admin;
import dev.justpg.testkit.internal.ContainerServer;
import dev.justpg.testkit.internal.ExternalServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The external and container kinds, exercised directly. */
class ServerKindsTest {

    @Test
    void anExternalServerIsReachedThroughItsJdbcUrl() {
        ConnectionInfo admin = PostgresExtension.server().adminConnectionInfo();
        PostgresServer external = ExternalServer.connect(admin.jdbcUrl(), admin.user(), admin.password());
        assertThat(external.kind()).isEqualTo(ServerKind.EXTERNAL);
        assertThat(external.majorVersion()).isEqualTo(PostgresExtension.server().majorVersion());
        assertThat(external.canRestart()).isFalse();
        assertThatThrownBy(external::stop).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("canRestart");
        ConnectionInfo created = external.createDatabase("external_kind_check");
        try {
            assertThat(Admin.queryString(created, "select current_database()")).isEqualTo("external_kind_check");
        } finally {
            external.dropDatabase("external_kind_check");
        }
    }

    @Test
    void aWrongExternalPasswordFailsWithOneClearMessage() {
        ConnectionInfo admin = PostgresExtension.server().adminConnectionInfo();
        assertThatThrownBy(() -> ExternalServer.connect(admin.jdbcUrl(), admin.user(), "wrong-password"))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("could not connect to the external test server")
                .hasMessageContaining("justpg.test.url")
                .hasMessageNotContaining("wrong-password");
        assertThatThrownBy(() -> ExternalServer.connect("jdbc:mysql://nope", null, null))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("is not a PostgreSQL JDBC URL");
    }

    @Test
    void containerModeWithoutTestcontainersNamesTheDependencyToAdd() {
        TestServers.requireTestcontainers(TestServers.CONTAINER_CLASS); // present in this module's tests
        assertThatThrownBy(() -> TestServers.requireTestcontainers("org.testcontainers.containers.NoSuchContainer"))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("org.testcontainers:postgresql")
                .hasMessageContaining("optional");
    }

    @Test
    @Tag("docker")
    void aContainerServerRunsTheAskedVersion() {
        ContainerServer server = ContainerServer.start(15);
        assertThat(server.majorVersion()).isEqualTo(15);
        assertThat(Admin.queryString(server.adminConnectionInfo(), "show shared_preload_libraries"))
                .contains("pg_stat_statements");
    }
}
