package dev.justpg.testkit;

import javax.sql.DataSource;

/**
 * A login role created for a test class (dropped with the class's database). Use it to run SQL
 * as a non-superuser, non-owner application role.
 */
public final class TestRole {

    private final String name;
    private final ConnectionInfo connectionInfo;

    TestRole(String name, ConnectionInfo connectionInfo) {
        this.name = name;
        this.connectionInfo = connectionInfo;
    }

    /**
     * The role name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Connection details for this role to the test class's database.
     *
     * @return the connection info (its password is random)
     */
    public ConnectionInfo connectionInfo() {
        return connectionInfo;
    }

    /**
     * A non-pooling data source that logs in as this role.
     *
     * @return the data source
     */
    public DataSource dataSource() {
        return connectionInfo.dataSource();
    }

    /**
     * The role name (never the password).
     *
     * @return the role name
     */
    @Override
    public String toString() {
        return "TestRole[" + name + "]";
    }
}
