package dev.justpg.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: one transaction running {@code SELECT 1}, through {@link Database#inTransaction} and
 * through plain JDBC on the same pool. The difference is justpg's own overhead.
 */
@State(Scope.Benchmark)
public class CoreTxBenchmark {

    private HikariDataSource pool;
    private Database db;

    /** Opens the pool. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(BenchContext.connectionFromFile().dataSource());
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        db = Database.of(pool);
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** The justpg transaction. */
    @Benchmark
    public int justpg() {
        return db.inTransaction(tx -> tx.queryOne("SELECT 1", r -> r.getInt(1)));
    }

    /** The same transaction in plain JDBC: the limit. */
    @Benchmark
    public int rawJdbc() throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                int v;
                try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    v = rs.getInt(1);
                }
                c.commit();
                return v;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
