package dev.justpg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest
class EmbeddedServerTest {

    @Test
    void givesAFreshDatabaseOnARealServer(TestDatabase db, DataSource ds) throws SQLException {
        assertThat(db.name()).startsWith("t_embeddedservertest_");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            // SecondClassTest creates only_here in its own database; it must never show up here.
            ResultSet rs = st.executeQuery("select current_database(), to_regclass('only_here') is null,"
                    + " pg_encoding_to_char(encoding) from pg_database where datname = current_database()");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.name());
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getString(3)).isEqualTo("UTF8");
        }
    }

    @Test
    void defaultVersionIsOneTheMachinesPgDumpCanDump(PostgresServer server) {
        String asked = System.getProperty("justpg.test.pg");
        int expected = asked == null ? TestServers.DEFAULT_MAJOR : Integer.parseInt(asked);
        assertThat(server.majorVersion()).isEqualTo(expected);
    }

    @Test
    void extensionsAreAvailableAndPgStatStatementsIsPreloaded(TestDatabase db) throws SQLException {
        db.execute("create extension pg_trgm", "create extension unaccent", "create extension pg_stat_statements");
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("select similarity('postgres', 'postgers') > 0.3,"
                    + " unaccent('Crème brûlée'), (select count(*) >= 0 from pg_stat_statements)");
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getString(2)).isEqualTo("Creme brulee");
            assertThat(rs.getBoolean(3)).isTrue();
        }
    }

    @Test
    void createsPlainRolesThatAreNotSuperusers(TestDatabase db) throws SQLException {
        TestRole app = db.createRole("embedded_app");
        try (Connection c = app.dataSource().getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("embedded_app");
            assertThat(rs.getBoolean(2)).isFalse();
            assertThat(rs.getBoolean(3)).isFalse();
        }
        assertThat(app.toString()).doesNotContain(app.connectionInfo().password());
        assertThat(app.connectionInfo().toString()).doesNotContain(app.connectionInfo().password());
    }

    @Test
    void keepsDataAcrossACrashAndARestart(TestDatabase db, PostgresServer server) throws SQLException {
        assumeTrue(server.canRestart(), "needs a server the testkit controls");
        db.execute("create table survivors(id int primary key)", "insert into survivors values (1), (2)");
        server.crash();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> db.dataSource().getConnection().close()).isInstanceOf(SQLException.class);
        server.start();
        db.execute("insert into survivors values (3)");
        server.stop();
        server.start();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("select count(*) from survivors");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void aWrongVersionRequestFailsWithOneClearMessage(PostgresServer server) {
        assumeTrue(server.kind() == ServerKind.EMBEDDED, "about the embedded binaries");
        int other = server.majorVersion() == 16 ? 17 : 16;
        assertThatThrownBy(() -> EmbeddedServer.builder().majorVersion(other).start())
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("PostgreSQL " + other + " was asked for")
                .hasMessageContaining("-Djustpg.test.pg=" + other);
    }

    @Test
    void aTakenFixedPortFailsWithOneClearMessage(PostgresServer server) {
        assumeTrue(server.kind() == ServerKind.EMBEDDED, "about the embedded server");
        int taken = server.adminConnectionInfo().port();
        assertThatThrownBy(() -> EmbeddedServer.builder().port(taken).start())
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("port " + taken)
                .hasMessageContaining("already in use");
    }

    @Test
    void startsASecondServerOnACopyOfAStoppedServersData() throws Exception {
        try (EmbeddedServer source = EmbeddedServer.builder().start()) {
            ConnectionInfo admin = source.adminConnectionInfo();
            try (Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("create table carried(id int primary key)");
                st.execute("insert into carried values (1), (2), (3)");
            }
            source.stop();
            java.nio.file.Path data = source.dataDirectory().orElseThrow();
            try (EmbeddedServer copy = EmbeddedServer.builder().fromDataDirectory(data, admin.password()).start()) {
                assertThat(copy.dataDirectory().orElseThrow()).isNotEqualTo(data);
                try (Connection c = copy.adminConnectionInfo().dataSource().getConnection();
                        Statement st = c.createStatement()) {
                    ResultSet rs = st.executeQuery("select count(*) from carried");
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(3);
                }
            }
            assertThat(data).isDirectory(); // the source is left as it was
        }
    }

    @Test
    void badBuilderSettingsAreRejectedBeforeAnythingStarts() {
        assertThatThrownBy(() -> EmbeddedServer.builder().port(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> EmbeddedServer.builder().setting("fsync; drop", "off"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setting name");
        assertThatThrownBy(() -> EmbeddedServer.builder().fromDataDirectory(java.nio.file.Path.of("/no/such/dir"), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("existing directory");
    }
}
