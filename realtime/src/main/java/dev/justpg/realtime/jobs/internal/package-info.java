/** Internals of the job queue: SQL, migrations, the worker engine. Not API. */
package dev.justpg.realtime.jobs.internal;
