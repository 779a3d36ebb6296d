package dev.justpg.core.tenancy.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link DataSource} frameworks use: every connection it hands out binds the tenant in scope
 * at the start of each transaction (see {@link TenantConnection}).
 */
public final class TenantDataSource implements DataSource {

    private final DataSource delegate;
    private final TenantRuntime runtime;

    /**
     * Wraps a data source.
     *
     * @param delegate the application's data source (usually a pool)
     * @param runtime the binding rules
     */
    public TenantDataSource(DataSource delegate, TenantRuntime runtime) {
        this.delegate = delegate;
        this.runtime = runtime;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection raw) throws SQLException {
        try {
            runtime.checkRoleOnce(raw);
        } catch (SQLException | RuntimeException e) {
            try {
                raw.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return TenantConnection.wrap(raw, runtime);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "TenantDataSource[" + delegate + "]";
    }
}
