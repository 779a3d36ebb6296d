package dev.justpg.testkit;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test class a fresh database on a real PostgreSQL.
 *
 * <pre>{@code
 * @PostgresTest
 * class OrdersTest {
 *     @Test
 *     void stores(TestDatabase db) { ... db.dataSource() ... }
 * }
 * }</pre>
 *
 * <p>Test methods, lifecycle methods and constructors can take a {@link TestDatabase},
 * {@link DataSource} (admin role), {@link ConnectionInfo} or {@link PostgresServer}. Or register it
 * as a field: {@code @RegisterExtension static PostgresExtension pg = new PostgresExtension();} and
 * call {@link #database()}.
 *
 * <p>One server runs per JVM (see {@link #server()} for how it is chosen); each class's database
 * is created before its first test and dropped after its last, with the roles it created.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private volatile TestDatabase current;

    /** Creates the extension; it is configured by system properties, not by code. */
    public PostgresExtension() {
    }

    /**
     * The JVM's test server, started on first use: embedded by default; external with
     * {@code -Djustpg.test.url=jdbc:postgresql://...}; a container with
     * {@code -Djustpg.test.server=container}. {@code -Djustpg.test.pg=15|16|17|18} picks the version.
     *
     * @return the running server
     * @throws ServerStartException naming the cause when it cannot be started or reached
     */
    public static PostgresServer server() {
        return TestServers.shared();
    }

    /**
     * The current test class's database, when registered with {@code @RegisterExtension}.
     *
     * @return the database
     * @throws IllegalStateException outside a test class's lifetime
     */
    public TestDatabase database() {
        TestDatabase db = current;
        if (db == null) {
            throw new IllegalStateException("no test database yet: database() works from @BeforeAll on, in a class"
                    + " that registers this extension");
        }
        return db;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String name = databaseName(context.getRequiredTestClass());
        TestDatabase db = new TestDatabase(server(), name);
        context.getStore(NAMESPACE).put(TestDatabase.class, db);
        current = db;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase db = context.getStore(NAMESPACE).remove(TestDatabase.class, TestDatabase.class);
        if (db != null) {
            db.drop();
        }
        current = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestDatabase.class || type == DataSource.class || type == ConnectionInfo.class
                || type == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == PostgresServer.class) {
            return server();
        }
        TestDatabase db = extensionContext.getStore(NAMESPACE).get(TestDatabase.class, TestDatabase.class);
        if (db == null) {
            throw new ParameterResolutionException("no test database for " + parameterContext.getParameter()
                    + ": the PostgresExtension creates it before @BeforeAll of the test class");
        }
        if (type == DataSource.class) {
            return db.dataSource();
        }
        if (type == ConnectionInfo.class) {
            return db.connectionInfo();
        }
        return db;
    }

    private static String databaseName(Class<?> testClass) {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (simple.length() > 40) {
            simple = simple.substring(0, 40);
        }
        return "t_" + simple + "_" + ProcessHandle.current().pid() % 100000 + "_" + COUNTER.incrementAndGet();
    }
}
