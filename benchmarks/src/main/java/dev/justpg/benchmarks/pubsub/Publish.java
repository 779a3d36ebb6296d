package dev.justpg.benchmarks.pubsub;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The plain publish statement the raw and Vert.x runs use. */
final class Publish {

    private Publish() {
    }

    static void plain(Connection c, String channel, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, payload);
            ps.execute();
        }
    }
}
