package dev.justpg.examples;

import dev.justpg.core.Database;
import dev.justpg.realtime.jobs.Backoff;
import dev.justpg.realtime.jobs.JobInfo;
import dev.justpg.realtime.jobs.JobQueue;
import dev.justpg.realtime.jobs.JobRequest;
import dev.justpg.realtime.jobs.JobWorkers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jobs: e-mails sent in the background. A sign-up enqueues its welcome e-mail in the same
 * transaction as the user row; one send fails and is retried with backoff; a newsletter goes out
 * as a batch whose callback runs once every member is done.
 */
public final class JobsChapter implements Chapter {

    /** The arguments of a send-email job. */
    public record Email(String to, String subject) {
    }

    @Override
    public String title() {
        return "Jobs: background e-mails with retries and a batch callback, no Redis";
    }

    @Override
    public void run(TourContext ctx) throws Exception {
        Database db = ctx.db();
        db.execute("create table users(email text primary key)");
        JobQueue jobs = JobQueue.builder(db).build();
        ctx.say("Installed the job table (versioned schema, partial index of available jobs, tuned autovacuum).");

        db.useTransaction(tx -> {
            tx.update("insert into users values (?)", "ada@example.com");
            jobs.enqueue(tx, JobRequest.of("send-email", new Email("ada@example.com", "Welcome, Ada")));
        });
        try {
            db.useTransaction(tx -> {
                tx.update("insert into users values (?)", "bob@example.com");
                jobs.enqueue(tx, JobRequest.of("send-email", new Email("bob@example.com", "Welcome, Bob")));
                throw new IllegalStateException("sign-up form invalid");
            });
        } catch (IllegalStateException e) {
            ctx.say("Bob's sign-up rolled back (%s): his welcome e-mail job rolled back with it.", e.getMessage());
        }
        jobs.enqueue(JobRequest.of("send-email", new Email("grace@example.com", "Your invoice")).maxAttempts(5));

        AtomicInteger graceTries = new AtomicInteger();
        CountDownLatch newsletterDone = new CountDownLatch(1);
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        try (JobWorkers workers = jobs.workers()
                .queue("default", 4)
                .backoff(Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(5)))
                .pollInterval(Duration.ofMillis(100))
                .handle("send-email", Email.class, job -> {
                    Email e = job.args();
                    if (e.subject().equals("Your invoice") && graceTries.incrementAndGet() == 1) {
                        throw new IllegalStateException("SMTP 451: try again later");
                    }
                    log.add("sent '" + e.subject() + "' to " + e.to() + " (attempt " + job.attempt() + ")");
                })
                .handle("newsletter-done", Map.class, job -> {
                    log.add("newsletter batch finished: " + job.batchOutcome().orElseThrow());
                    newsletterDone.countDown();
                })
                .start()) {
            List<JobRequest> newsletter = new ArrayList<>();
            for (String who : List.of("ada", "grace", "linus", "barbara")) {
                newsletter.add(JobRequest.of("send-email", new Email(who + "@example.org", "December news")));
            }
            long batch = jobs.enqueueBatch(newsletter, JobRequest.of("newsletter-done", Map.of("issue", "2026-12")));
            ctx.say("Enqueued a newsletter batch %d of %d e-mails with a callback job.", batch, newsletter.size());
            if (!newsletterDone.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the newsletter batch did not finish in 30 s");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (jobs.stats().stream().anyMatch(q -> q.count(dev.justpg.realtime.jobs.JobState.AVAILABLE) > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        synchronized (log) {
            log.forEach(line -> ctx.say("  %s", line));
        }
        List<JobInfo> failed = jobs.failedJobs(10);
        if (graceTries.get() != 2) {
            throw new IllegalStateException("the invoice e-mail should have taken 2 tries, took " + graceTries.get());
        }
        ctx.say("Jobs still in the table: %d (completed jobs are deleted as they complete).",
                jobs.stats().stream().mapToLong(s -> s.counts().values().stream().mapToLong(Long::longValue).sum()).sum());
        ctx.say("Grace's invoice e-mail failed once (SMTP 451) and was retried after the backoff: %d tries.",
                graceTries.get());
        ctx.say("Failed jobs waiting or discarded now: %d.", failed.size());
    }
}
