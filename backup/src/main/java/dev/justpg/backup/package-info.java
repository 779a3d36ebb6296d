/**
 * Logical backups proven by restoring them: {@link dev.justpg.backup.Backups} orchestrates
 * {@code pg_dump}, {@code pg_restore}, {@code pg_dumpall} and {@code psql}, writes a
 * {@link dev.justpg.backup.Manifest} next to every backup, verifies backups by restoring them into
 * a scratch database, and applies {@link dev.justpg.backup.RetentionPolicy grandfather-father-son retention}.
 */
package dev.justpg.backup;
