package dev.justpg.diagnostics.health;

import dev.justpg.core.Database;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Fails a test when the database has findings: run it after the migrations so a build breaks
 * when one leaves, say, a foreign key without an index.
 *
 * <pre>{@code
 * HealthAssertions.assertThat(dataSource)
 *         .accept(CheckId.TABLE_WITHOUT_PRIMARY_KEY, "public.audit_log")   // known and deliberate
 *         .hasNoFindings();                                                // schema checks by default
 *
 * HealthAssertions.assertThat(db).hasNoFindings(CheckId.FK_WITHOUT_INDEX, CheckId.INVALID_INDEX);
 * }</pre>
 *
 * <p>Throws {@link AssertionError}, so it works with JUnit, TestNG or a plain {@code main}.
 */
public final class HealthAssertions {

    private HealthAssertions() {
    }

    /**
     * Starts an assertion on a database.
     *
     * @param db the database
     * @return the assertion
     */
    public static HealthAssert assertThat(Database db) {
        return new HealthAssert(Objects.requireNonNull(db, "db must not be null"));
    }

    /**
     * Starts an assertion on a data source.
     *
     * @param dataSource the data source
     * @return the assertion
     */
    public static HealthAssert assertThat(DataSource dataSource) {
        return assertThat(Database.builder(Objects.requireNonNull(dataSource, "dataSource must not be null"))
                .quiet().build());
    }
}
