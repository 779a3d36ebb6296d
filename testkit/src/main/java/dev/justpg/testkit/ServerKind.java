package dev.justpg.testkit;

/** How the test server is provided. */
public enum ServerKind {
    /** Started by the testkit from PostgreSQL binaries on the classpath (the default). */
    EMBEDDED,
    /** A server the user runs, named by {@code -Djustpg.test.url} or {@code JUSTPG_TEST_URL}. */
    EXTERNAL,
    /** A Testcontainers container ({@code -Djustpg.test.server=container}; needs Docker). */
    CONTAINER
}
