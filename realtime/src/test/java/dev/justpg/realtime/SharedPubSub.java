package dev.justpg.realtime;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Test classes that share one PubSub with defaults over the class's fresh database. */
@PostgresTest
abstract class SharedPubSub {

    static Database db;
    static PubSub pubsub;

    @BeforeAll
    static void buildPubSub(TestDatabase database) {
        db = Database.of(database.dataSource());
        pubsub = PubSub.builder(db).build();
    }

    @AfterAll
    static void closePubSub() {
        pubsub.close();
    }
}
