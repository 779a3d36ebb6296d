package dev.justpg.realtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the quick start of README.md and docs/jobs.md as written there. */
@PostgresTest
@Timeout(60)
class JobsQuickStartTest {

    record Email(String to, String subject) {
    }

    /** Stands in for the application's mailer. */
    static final class Mailer {
        final List<Email> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch got = new CountDownLatch(1);

        void send(Email e) {
            sent.add(e);
            got.countDown();
        }
    }

    private CountDownLatch shutdown;

    /** Stands in for the application's life: here, until the first e-mail is sent. */
    private void awaitShutdownSignal() throws InterruptedException {
        assertThat(shutdown.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void quickStart(TestDatabase database) throws Exception {
        database.execute("create table users(email text primary key)");
        DataSource dataSource = database.dataSource();
        Mailer mailer = new Mailer();
        shutdown = mailer.got;

        Database db = Database.of(dataSource);
        JobQueue jobs = JobQueue.builder(db).build(); // installs or upgrades the schema
        db.useTransaction(tx -> {
            tx.update("insert into users(email) values (?)", "ada@example.com");
            jobs.enqueue(tx, JobRequest.of("send-email", new Email("ada@example.com", "Welcome")));
        }); // the job exists only if this commits
        try (JobWorkers workers = jobs.workers()
                .queue("default", 10)
                .handle("send-email", Email.class, job -> mailer.send(job.args()))
                .start()) {
            awaitShutdownSignal(); // jobs run on justpg's threads until workers.close()
        }
        assertThat(mailer.got.getCount()).isZero();
        assertThat(mailer.sent).containsExactly(new Email("ada@example.com", "Welcome"));
    }
}
