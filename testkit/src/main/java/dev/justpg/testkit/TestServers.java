package dev.justpg.testkit;

import dev.justpg.testkit.internal.ContainerServer;
import dev.justpg.testkit.internal.ExternalServer;
import java.util.Locale;

/**
 * Chooses and starts the one test server of this JVM from system properties (or environment):
 * <ul>
 *   <li>{@code justpg.test.url} / {@code JUSTPG_TEST_URL}: an external server (with
 *       {@code justpg.test.user} / {@code JUSTPG_TEST_USER} and {@code justpg.test.password} /
 *       {@code JUSTPG_TEST_PASSWORD} when not in the URL);</li>
 *   <li>{@code justpg.test.server=container}: a Testcontainers container (needs Docker);</li>
 *   <li>otherwise the embedded server ({@code justpg.test.port} fixes its port).</li>
 * </ul>
 * {@code justpg.test.pg} selects the major version ({@value #DEFAULT_MAJOR} by default).
 */
final class TestServers {

    /** The default PostgreSQL major version for tests: one this machine's {@code pg_dump} can dump. */
    static final int DEFAULT_MAJOR = 15;

    private static PostgresServer shared;

    private TestServers() {
    }

    static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = startFromSettings();
        }
        return shared;
    }

    private static PostgresServer startFromSettings() {
        String url = setting("justpg.test.url", "JUSTPG_TEST_URL");
        String kind = setting("justpg.test.server", "JUSTPG_TEST_SERVER");
        String pg = setting("justpg.test.pg", "JUSTPG_TEST_PG");
        int major;
        try {
            major = pg == null ? 0 : Integer.parseInt(pg.strip());
        } catch (NumberFormatException e) {
            throw new ServerStartException("justpg.test.pg must be a major version such as 15, 16, 17 or 18, was '" + pg
                    + "'");
        }
        if (url != null && !url.isBlank()) {
            return ExternalServer.connect(url, setting("justpg.test.user", "JUSTPG_TEST_USER"),
                    setting("justpg.test.password", "JUSTPG_TEST_PASSWORD"));
        }
        String k = kind == null ? "embedded" : kind.strip().toLowerCase(Locale.ROOT);
        switch (k) {
            case "container":
                requireTestcontainers(CONTAINER_CLASS);
                return ContainerServer.start(major == 0 ? DEFAULT_MAJOR : major);
            case "embedded":
                EmbeddedServer.Builder b = EmbeddedServer.builder().majorVersion(major)
                        .setting("fsync", "off")
                        .setting("full_page_writes", "off");
                String port = setting("justpg.test.port", "JUSTPG_TEST_PORT");
                if (port != null) {
                    b.port(Integer.parseInt(port.strip()));
                }
                return b.start();
            default:
                throw new ServerStartException("justpg.test.server must be 'embedded' (default) or 'container', was '"
                        + kind + "'; for an external server set justpg.test.url instead");
        }
    }

    /** The class whose presence shows that Testcontainers' PostgreSQL module is on the classpath. */
    static final String CONTAINER_CLASS = "org.testcontainers.containers.PostgreSQLContainer";

    /**
     * Fails with a message naming the dependency to add when container mode is chosen without
     * Testcontainers on the test classpath (the testkit declares it optional).
     *
     * @param className the Testcontainers class to look for
     */
    static void requireTestcontainers(String className) {
        try {
            Class.forName(className, false, TestServers.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ServerStartException("justpg.test.server=container needs Testcontainers on the test classpath,"
                    + " and the testkit declares it optional: add the test dependency"
                    + " org.testcontainers:postgresql (version from the testcontainers-bom), or leave out"
                    + " justpg.test.server to use the embedded server", e);
        }
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
