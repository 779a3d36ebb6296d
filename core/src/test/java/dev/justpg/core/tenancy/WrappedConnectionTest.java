package dev.justpg.core.tenancy;

import static dev.justpg.core.tenancy.TenantSchema.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Isolation;
import dev.justpg.core.TxOptions;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain JDBC through {@link Tenancy#dataSource()} over a HikariCP pool, the way frameworks use it:
 * the tenant is bound at the start of every transaction whatever the first statement is, with
 * the binding pipelined into the first prepared statement and without.
 */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
@PostgresTest
class WrappedConnectionTest {

    private static final String REFS = "select ref from orders order by ref";
    private static final String INSERT = "insert into orders(tenant_id, customer_id, ref, total) values (?, 1, ?, 1)";

    private static TenantSchema schema;
    private static HikariDataSource pool;

    @BeforeAll
    static void setUp(TestDatabase database) {
        schema = TenantSchema.create(database, "wrap");
        pool = schema.appPool(2);
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    @BeforeEach
    void removeAddedOrders() {
        schema.database.execute("delete from orders where ref like 'new-%'");
    }

    private static Tenancy tenancy(boolean pipeline) {
        return Tenancy.builder(pool, TenantIdType.LONG).pipelineBinding(pipeline).build();
    }

    @ParameterizedTest(name = "pipelined={0}")
    @ValueSource(booleans = {true, false})
    void everyKindOfFirstStatementRunsForTheTenant(boolean pipeline) throws Exception {
        Tenancy tenancy = tenancy(pipeline);
        try (TenantScope scope = tenancy.enter(tenant(2)); Connection c = tenancy.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setLong(1, 2);
                ps.setString(2, "new-update");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            c.commit();
            try (PreparedStatement ps = c.prepareStatement(REFS)) {
                assertThat(ps.execute()).isTrue();
                assertThat(refs(ps.getResultSet())).containsExactly("B-1", "B-2", "B-3", "new-update");
                assertThat(ps.getMoreResults()).isFalse();
                assertThat(ps.getUpdateCount()).isEqualTo(-1);
            }
            c.rollback();
            try (PreparedStatement ps = c.prepareStatement("update orders set total = total where ref like ?;")) {
                ps.setString(1, "B-%");
                assertThat(ps.execute()).isFalse();
                assertThat(ps.getUpdateCount()).isEqualTo(3);
            }
            c.rollback();
            try (PreparedStatement ps = c.prepareStatement("update orders set total = total")) {
                assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class);
            }
            c.rollback();
            try (PreparedStatement ps = c.prepareStatement(REFS)) {
                assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class);
            }
            c.rollback();
        }
    }

    @ParameterizedTest(name = "pipelined={0}")
    @ValueSource(booleans = {true, false})
    void aBatchAsTheFirstStatementIsBoundAndAStatementReusedAcrossTransactionsFollowsTheScope(boolean pipeline)
            throws Exception {
        Tenancy tenancy = tenancy(pipeline);
        try (Connection c = tenancy.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (TenantScope scope = tenancy.enter(tenant(1)); PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (int i = 0; i < 3; i++) {
                    ps.setLong(1, 1);
                    ps.setString(2, "new-batch-" + i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
                c.commit();
            }
            try (PreparedStatement ps = c.prepareStatement(REFS)) {
                for (long tenant : new long[] {1, 2, 1}) {
                    try (TenantScope scope = tenancy.enter(tenant(tenant)); ResultSet rs = ps.executeQuery()) {
                        assertThat(refs(rs)).allMatch(ref -> ref.startsWith(tenant == 1 ? "A-" : "B-")
                                || tenant == 1 && ref.startsWith("new-batch-")).hasSize(tenant == 1 ? 6 : 3);
                    }
                    c.commit();
                }
            }
        }
    }

    @ParameterizedTest(name = "pipelined={0}")
    @ValueSource(booleans = {true, false})
    void parametersKeepTheirValuesBetweenExecutionsAsInJdbc(boolean pipeline) throws Exception {
        Tenancy tenancy = tenancy(pipeline);
        try (TenantScope scope = tenancy.enter(tenant(1)); Connection c = tenancy.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "select count(*) from orders where total >= ? and customer_id = ?")) {
                ps.setInt(1, 20);
                ps.setLong(2, 1);
                ps.setFetchSize(10);
                assertThat(count(ps)).isEqualTo(1);
                ps.setInt(1, 0);
                assertThat(count(ps)).isEqualTo(2);
                assertThat(ps.getFetchSize()).isEqualTo(10);
            }
            c.commit();
        }
    }

    @ParameterizedTest(name = "pipelined={0}")
    @ValueSource(booleans = {true, false})
    void savepointsAndSqlRollbacksNeverLoseOrMixUpTheTenant(boolean pipeline) throws Exception {
        Tenancy tenancy = tenancy(pipeline);
        try (Connection c = tenancy.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (TenantScope scope = tenancy.enter(tenant(1))) {
                Savepoint start = c.setSavepoint();
                try (Statement st = c.createStatement()) {
                    st.execute("select 1");
                }
                c.rollback(start);
                assertThat(refs(c)).hasSize(3).allMatch(r -> r.startsWith("A-"));
                try (Statement st = c.createStatement()) {
                    st.execute("savepoint s1");
                    try (TenantScope inner = tenancy.enter(tenant(2))) {
                        assertThat(refs(c)).allMatch(r -> r.startsWith("B-"));
                    }
                    st.execute("rollback to savepoint s1");
                }
                assertThat(refs(c)).hasSize(3).allMatch(r -> r.startsWith("A-"));
                try (Statement st = c.createStatement()) {
                    st.execute("commit");
                }
            }
            try (TenantScope scope = tenancy.enter(tenant(2))) {
                assertThat(refs(c)).hasSize(3).allMatch(r -> r.startsWith("B-"));
                c.commit();
            }
        }
    }

    @ParameterizedTest(name = "pipelined={0}")
    @ValueSource(booleans = {true, false})
    void transactionOptionsAndGeneratedKeysWork(boolean pipeline) throws Exception {
        Tenancy tenancy = tenancy(pipeline);
        long count = tenancy.inTenant(tenant(2), TxOptions.DEFAULT.withIsolation(Isolation.SERIALIZABLE)
                .withReadOnly(true).withStatementTimeout(java.time.Duration.ofSeconds(5)),
                tx -> tx.queryOne("select count(*) from orders", r -> r.getLong(1)));
        assertThat(count).isEqualTo(3);
        try (TenantScope scope = tenancy.enter(tenant(2)); Connection c = tenancy.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, 2);
                ps.setString(2, "new-key");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong("tenant_id")).isEqualTo(2);
                }
            }
            c.commit();
        }
    }

    @ParameterizedTest(name = "pipelined={0}")
    @ValueSource(booleans = {true, false})
    void userRolesAndClaimsAreBoundAndClearedWhenTheScopeChanges(boolean pipeline) throws Exception {
        Tenancy tenancy = tenancy(pipeline);
        TenantContext full = TenantContext.builder(TenantId.of(1)).userId("u-7").roles("editor", "viewer")
                .claim("plan", "pro").build();
        String settings = "select current_setting('app.tenant_id', true) || '|' || current_setting('app.user_id', true)"
                + " || '|' || current_setting('app.roles', true) || '|' || coalesce(nullif(current_setting('app.claims',"
                + " true), '')::jsonb ->> 'plan', '')";
        try (Connection c = tenancy.dataSource().getConnection()) {
            c.setAutoCommit(false);
            List<String> seen = new ArrayList<>();
            try (TenantScope scope = tenancy.enter(full)) {
                seen.add(single(c, settings));
                try (TenantScope inner = tenancy.enter(tenant(2))) {
                    seen.add(single(c, settings));
                }
                seen.add(single(c, settings));
            }
            c.commit();
            assertThat(seen).containsExactly("1|u-7|editor,viewer|pro", "2|||", "1|u-7|editor,viewer|pro");
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest(name = "pipelined={0}")
    @ValueSource(booleans = {true, false})
    void theSequenceSpringsTransactionManagerUsesIsBound(boolean pipeline) throws Exception {
        Tenancy tenancy = tenancy(pipeline);
        // DataSourceTransactionManager: borrow, setAutoCommit(false), optionally SET TRANSACTION READ ONLY,
        // the repository's statements on the same connection, commit, setAutoCommit(true), close.
        for (long tenant : new long[] {1, 2}) {
            try (TenantScope scope = tenancy.enter(tenant(tenant)); Connection c = tenancy.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("SET TRANSACTION READ ONLY");
                }
                assertThat(refs(c)).hasSize(3).allMatch(r -> r.startsWith(tenant == 1 ? "A-" : "B-"));
                c.commit();
                c.setAutoCommit(true);
            }
        }
    }

    @Test
    void aPoolThatHandsOutConnectionsWithAutocommitOffIsBoundPerTransaction() throws Exception {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setDataSource(schema.app.dataSource());
        config.setMaximumPoolSize(1);
        config.setAutoCommit(false);
        try (HikariDataSource manual = new HikariDataSource(config)) {
            Tenancy tenancy = Tenancy.of(manual, TenantIdType.LONG);
            for (long tenant : new long[] {2, 1, 2}) {
                List<String> refs = tenancy.inTenant(tenant(tenant), tx -> tx.query(REFS, r -> r.getString(1)));
                assertThat(refs).hasSize(3).allMatch(r -> r.startsWith(tenant == 1 ? "A-" : "B-"));
            }
            try (TenantScope scope = tenancy.enter(tenant(1)); Connection c = tenancy.dataSource().getConnection()) {
                assertThat(refs(c)).hasSize(3);
                c.commit();
                try (TenantScope other = tenancy.enter(tenant(2))) {
                    assertThat(refs(c)).as("the next transaction on the connection").allMatch(r -> r.startsWith("B-"));
                }
                c.rollback();
            }
        }
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> refs(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REFS); ResultSet rs = ps.executeQuery()) {
            return refs(rs);
        }
    }

    private static List<String> refs(ResultSet rs) throws SQLException {
        List<String> refs = new ArrayList<>();
        while (rs.next()) {
            refs.add(rs.getString(1));
        }
        return refs;
    }
}
