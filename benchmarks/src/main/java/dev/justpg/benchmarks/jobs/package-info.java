/**
 * The {@code jobs} benchmark: justpg's job queue against db-scheduler, JobRunr and a raw-JDBC
 * claim-and-complete loop with the same SQL shape.
 */
package dev.justpg.benchmarks.jobs;
