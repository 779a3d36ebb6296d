package dev.justpg.core.tenancy;

import static dev.justpg.core.tenancy.TenantSchema.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;

/**
 * Whatever a previous user of a pooled connection left at session level (a session {@code SET},
 * {@code set_config(..., false)}, prepared or not, in a transaction or in autocommit, through the
 * wrapper, around it, or hidden in a function), every transaction that goes through justpg sees
 * exactly its scope's settings, whatever its first statement looks like; and a connection the
 * wrapper hands back after a visible session change carries no tenant. Pools of one and four
 * connections: every connection of the pool is poisoned before each check.
 */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
@PostgresTest
@Timeout(120)
class SessionLeakTest {

    /** The tenant setting, the user setting, and the tenants whose orders are visible. */
    private static final String PROBE = "select coalesce(current_setting('app.tenant_id', true), ''),"
            + " coalesce(current_setting('app.user_id', true), ''),"
            + " coalesce((select string_agg(distinct tenant_id::text, ',' order by tenant_id::text) from orders), '')";

    private static TenantSchema schema;
    private static HikariDataSource pool1;
    private static HikariDataSource pool4;

    @BeforeAll
    static void setUp(TestDatabase database) {
        schema = TenantSchema.create(database, "leak");
        schema.ownerDb.execute("create function poison(t text) returns void language plpgsql as $$ begin"
                + " perform pg_catalog.set_config('app.tenant_' || 'id', t, false);"
                + " perform pg_catalog.set_config('app.user_' || 'id', 'mallory', false); end $$");
        schema.ownerDb.execute("grant execute on function poison(text) to " + schema.app.name());
        pool1 = schema.appPool(1);
        pool4 = schema.appPool(4);
    }

    @AfterAll
    static void tearDown() {
        pool1.close();
        pool4.close();
    }

    /** How a previous user sets tenant 2 at session level. */
    enum Poison {
        /** {@code SET} through the wrapper, inside a tenant transaction that commits. */
        SET_IN_WRAPPER(true, false, "set app.tenant_id = '2'", "set app.user_id = 'mallory'"),
        /** {@code SET SESSION}, quoted and spaced names, prepared, through the wrapper. */
        SET_SESSION_PREPARED_IN_WRAPPER(true, true, "SET SESSION \"app\" . tenant_id TO '2'",
                "set session app.user_id to 'mallory'"),
        /** {@code set_config(..., false)} through the wrapper. */
        SET_CONFIG_IN_WRAPPER(true, true, "select set_config('app.tenant_id', '2', false)",
                "select set_config('app.user_id', 'mallory', false)"),
        /** {@code set_config(..., false)}, prepared, in autocommit through a wrapper that requires no tenant. */
        SET_CONFIG_AUTOCOMMIT_IN_WRAPPER(true, true, "select set_config('app.tenant_id', '2', false)",
                "select set_config('app.user_id', 'mallory', false)"),
        /** A session {@code SET} by a plain borrower of the pool, in autocommit. */
        SET_AROUND_WRAPPER(false, false, "set app.tenant_id = '2'", "set app.user_id = 'mallory'"),
        /** {@code set_config(..., false)} by a plain borrower, prepared, in autocommit. */
        SET_CONFIG_AROUND_WRAPPER(false, true, "select set_config('app.tenant_id', '2', false)",
                "select set_config('app.user_id', 'mallory', false)"),
        /** A function that sets the settings at session level, called through the wrapper: nothing in the text shows it. */
        HIDDEN_IN_FUNCTION(true, true, "select poison('2')");

        final boolean throughWrapper;
        final boolean prepared;
        final String[] statements;

        Poison(boolean throughWrapper, boolean prepared, String... statements) {
            this.throughWrapper = throughWrapper;
            this.prepared = prepared;
            this.statements = statements;
        }

        /** Whether justpg can see the change in the text and clean the connection when it is handed back. */
        boolean visibleToWrapper() {
            return throughWrapper && this != HIDDEN_IN_FUNCTION;
        }
    }

    /** What the next user of the connection does. */
    enum Borrower {
        IN_TENANT,
        NO_TENANT_REQUIRE_FALSE_TRANSACTION,
        NO_TENANT_REQUIRE_FALSE_AUTOCOMMIT_PREPARED,
        NO_TENANT_REQUIRE_FALSE_AUTOCOMMIT_STATEMENT,
        WRAPPED_SET_LOCAL_THEN_QUERY_ONE_STRING,
        WRAPPED_SET_LOCAL_THEN_QUERY_ONE_STRING_PREPARED,
        WRAPPED_COMMENT_FIRST,
        WRAPPED_LINE_COMMENT_AND_WHITESPACE_FIRST,
        WRAPPED_BEGIN_FIRST,
        WRAPPED_SET_TRANSACTION_FIRST,
        WRAPPED_SET_LOCAL_FIRST,
        WRAPPED_TWO_QUERIES_ONE_STRING,
        WRAPPED_UNWRAPPED_PG_CONNECTION,
    }

    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (int size : new int[] {1, 4}) {
            for (Poison p : Poison.values()) {
                for (Borrower b : Borrower.values()) {
                    all.add(Arguments.of(size, p, b));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "pool={0} {1} then {2}")
    @MethodSource("matrix")
    void theNextBorrowerSeesExactlyItsScope(int size, Poison poison, Borrower borrower) throws Exception {
        HikariDataSource pool = size == 1 ? pool1 : pool4;
        poisonEveryConnection(pool, size, poison);
        String[] seen = borrow(pool, borrower);
        if (borrower.name().startsWith("NO_TENANT")) {
            assertThat(seen).as("no tenant in scope: empty settings, no tenant row").containsExactly("", "", "");
        } else {
            assertThat(seen).as("tenant 1 in scope").containsExactly("1", "", "1");
        }
        resetEveryConnection(pool, size);
    }

    @ParameterizedTest(name = "pool={0} {1}")
    @MethodSource("poisonsPerPool")
    void aConnectionHandedBackAfterAVisibleSessionChangeCarriesNoTenant(int size, Poison poison) throws Exception {
        HikariDataSource pool = size == 1 ? pool1 : pool4;
        poisonEveryConnection(pool, size, poison);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PROBE)) {
                    rs.next();
                    assertThat(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                            .as("a plain borrower after the wrapper handed the connection back")
                            .containsExactly("", "", "");
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    static Stream<Arguments> poisonsPerPool() {
        List<Arguments> all = new ArrayList<>();
        for (int size : new int[] {1, 4}) {
            for (Poison p : Poison.values()) {
                if (p.visibleToWrapper()) {
                    all.add(Arguments.of(size, p));
                }
            }
        }
        return all.stream();
    }

    @Test
    void aSessionChangeInsideATransactionIsOverriddenForTheRestOfIt() throws Exception {
        Tenancy tenancy = schema.tenancy(pool1);
        String[] seen = tenancy.inTenant(tenant(1), tx -> {
            tx.update("set app.tenant_id = '2'");
            return tx.queryOne(PROBE, r -> new String[] {r.getString(1), r.getString(2), r.getString(3)});
        });
        assertThat(seen).containsExactly("1", "", "1");
        assertNoTenantOnPlainBorrow(pool1);
    }

    @Test
    void aTransactionBlockOpenedInSqlInAutocommitIsNotHandedOn() throws Exception {
        Tenancy optional = Tenancy.builder(pool1, TenantIdType.LONG).requireTenant(false).build();
        try (Connection c = optional.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("begin");
            st.execute("set app.tenant_id = '2'");
            try (ResultSet rs = st.executeQuery(PROBE)) {
                rs.next();
                assertThat(row(rs)).as("no tenant in scope: emptied before the statement").containsExactly("", "", "");
            }
        }
        try (Connection c = pool1.getConnection()) {
            assertThat(c.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState())
                    .isEqualTo(org.postgresql.core.TransactionState.IDLE);
        }
        assertNoTenantOnPlainBorrow(pool1);
    }

    @Test
    void severalStatementsThatSetATenantSettingAreRefused() throws Exception {
        Tenancy tenancy = schema.tenancy(pool1);
        try (TenantScope scope = tenancy.enter(tenant(1)); Connection c = tenancy.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("set local app.tenant_id = '2'; select * from orders"))
                        .isInstanceOf(TenancyException.class).hasMessageContaining("nothing was sent");
                assertThatThrownBy(() -> st.execute("select 1; commit; select * from orders"))
                        .isInstanceOf(TenancyException.class).hasMessageContaining("transaction control");
                st.addBatch("insert into orders(tenant_id, customer_id, ref, total) values (1, 1, 'Z-1', 1)");
                assertThatThrownBy(() -> st.addBatch("commit")).isInstanceOf(TenancyException.class)
                        .hasMessageContaining("batch");
                assertThatThrownBy(() -> st.addBatch("set app.tenant_id = '2'")).isInstanceOf(TenancyException.class)
                        .hasMessageContaining("batch");
            }
            c.rollback();
        }
    }

    @Test
    void aRoleLevelDefaultOfTheTenantSettingIsOverridden() throws Exception {
        String role = schema.app.name();
        schema.database.execute("alter role " + role + " in database " + schema.database.name()
                + " set app.tenant_id = '2'");
        try {
            // A fresh, unpooled connection starts with the role's default.
            try (Connection c = schema.app.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(PROBE)) {
                rs.next();
                assertThat(rs.getString(1)).as("the role default is in effect").isEqualTo("2");
                assertThat(rs.getString(3)).as("around justpg the default leaks: the audit reports it").isEqualTo("2");
            }
            Tenancy tenancy = Tenancy.builder(schema.app.dataSource(), TenantIdType.LONG).requireTenant(false).build();
            String none = tenancy.database().inTransaction(tx -> tx.queryOne(PROBE, r -> r.getString(3)));
            assertThat(none).isEmpty();
            String one = tenancy.inTenant(tenant(1), tx -> tx.queryOne(PROBE, r -> r.getString(3)));
            assertThat(one).isEqualTo("1");
        } finally {
            schema.database.execute("alter role " + role + " in database " + schema.database.name()
                    + " reset app.tenant_id");
        }
    }

    /** Borrows every connection of the pool at once and sets tenant 2 at session level on each. */
    private static void poisonEveryConnection(HikariDataSource pool, int size, Poison poison) throws Exception {
        List<Connection> held = new ArrayList<>();
        boolean autocommit = !poison.throughWrapper || poison == Poison.SET_CONFIG_AUTOCOMMIT_IN_WRAPPER;
        Tenancy tenancy = poison == Poison.SET_CONFIG_AUTOCOMMIT_IN_WRAPPER
                ? Tenancy.builder(pool, TenantIdType.LONG).requireTenant(false).build() : schema.tenancy(pool);
        try (TenantScope scope = poison.throughWrapper && !autocommit ? tenancy.enter(tenant(2)) : null) {
            for (int i = 0; i < size; i++) {
                Connection c = poison.throughWrapper ? tenancy.dataSource().getConnection() : pool.getConnection();
                held.add(c);
                c.setAutoCommit(autocommit);
                for (String sql : poison.statements) {
                    if (poison.prepared) {
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            ps.execute();
                        }
                    } else {
                        try (Statement st = c.createStatement()) {
                            st.execute(sql);
                        }
                    }
                }
                if (!autocommit) {
                    c.commit();
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        if (!poison.visibleToWrapper()) {
            // The poison took: every connection of the pool now carries tenant 2 at session level.
            held.clear();
            try {
                for (int i = 0; i < size; i++) {
                    Connection c = pool.getConnection();
                    held.add(c);
                    try (Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("select current_setting('app.tenant_id', true)")) {
                        rs.next();
                        assertThat(rs.getString(1)).as("the poison took").isEqualTo("2");
                    }
                }
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
    }

    private static String[] borrow(HikariDataSource pool, Borrower borrower) throws Exception {
        Tenancy required = schema.tenancy(pool);
        Tenancy optional = Tenancy.builder(pool, TenantIdType.LONG).requireTenant(false).build();
        switch (borrower) {
            case IN_TENANT:
                return required.inTenant(tenant(1), tx -> tx.queryOne(PROBE, SessionLeakTest::row));
            case NO_TENANT_REQUIRE_FALSE_TRANSACTION:
                return optional.database().inTransaction(tx -> tx.queryOne(PROBE, SessionLeakTest::row));
            case NO_TENANT_REQUIRE_FALSE_AUTOCOMMIT_PREPARED:
                try (Connection c = optional.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(PROBE);
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return row(rs);
                }
            case NO_TENANT_REQUIRE_FALSE_AUTOCOMMIT_STATEMENT:
                try (Connection c = optional.dataSource().getConnection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery(PROBE)) {
                    rs.next();
                    return row(rs);
                }
            default:
                break;
        }
        try (TenantScope scope = required.enter(tenant(1)); Connection c = required.dataSource().getConnection()) {
            c.setAutoCommit(false);
            String[] seen;
            switch (borrower) {
                case WRAPPED_SET_LOCAL_THEN_QUERY_ONE_STRING:
                    seen = lastResult(c, "set local statement_timeout=5000; " + PROBE, false);
                    break;
                case WRAPPED_SET_LOCAL_THEN_QUERY_ONE_STRING_PREPARED:
                    seen = lastResult(c, "SET LOCAL statement_timeout = '5s';\n" + PROBE, true);
                    break;
                case WRAPPED_COMMENT_FIRST:
                    seen = lastResult(c, "/* set local x = 1; */ " + PROBE, false);
                    break;
                case WRAPPED_LINE_COMMENT_AND_WHITESPACE_FIRST:
                    seen = lastResult(c, "-- begin\n \t\n" + PROBE, true);
                    break;
                case WRAPPED_BEGIN_FIRST:
                    run(c, "begin");
                    seen = lastResult(c, PROBE, true);
                    break;
                case WRAPPED_SET_TRANSACTION_FIRST:
                    run(c, "set transaction isolation level repeatable read");
                    seen = lastResult(c, PROBE, false);
                    break;
                case WRAPPED_SET_LOCAL_FIRST:
                    run(c, "set local statement_timeout = 5000");
                    seen = lastResult(c, PROBE, true);
                    break;
                case WRAPPED_TWO_QUERIES_ONE_STRING:
                    seen = lastResult(c, "select 1; " + PROBE, false);
                    break;
                case WRAPPED_UNWRAPPED_PG_CONNECTION:
                    seen = lastResult(c.unwrap(org.postgresql.core.BaseConnection.class), PROBE, false);
                    break;
                default:
                    throw new AssertionError(borrower);
            }
            c.commit();
            return seen;
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs a text and returns the row of its last result set. */
    private static String[] lastResult(Connection c, String sql, boolean prepared) throws SQLException {
        try (Statement st = prepared ? c.prepareStatement(sql) : c.createStatement()) {
            boolean isResult = prepared ? ((PreparedStatement) st).execute() : st.execute(sql);
            String[] last = null;
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        if (rs.getMetaData().getColumnCount() == 3) {
                            rs.next();
                            last = row(rs);
                        }
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                isResult = st.getMoreResults();
            }
            assertThat(last).as("the probe ran").isNotNull();
            return last;
        }
    }

    private static String[] row(ResultSet rs) throws SQLException {
        return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
    }

    /** Puts every connection back to a clean session, so each case starts from its own poison. */
    private static void resetEveryConnection(HikariDataSource pool, int size) throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                run(c, "reset all");
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    private static void assertNoTenantOnPlainBorrow(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PROBE)) {
            rs.next();
            assertThat(row(rs)).containsExactly("", "", "");
        }
    }

}
