/**
 * Physical backups and point-in-time recovery: base backups with {@code pg_basebackup}, a WAL
 * archive directory with a safe {@code archive_command}, archiving set up through
 * {@code ALTER SYSTEM}, recovery to a time, LSN, restore point or transaction, retention that
 * never deletes WAL a kept base backup needs, and a drill that proves all of it end to end.
 *
 * <p>Entry points: {@link dev.justpg.backup.pitr.WalArchive} (the archive store),
 * {@link dev.justpg.backup.pitr.WalArchiving} (server settings, archiver status, restore points),
 * {@link dev.justpg.backup.pitr.BaseBackups} (pg_basebackup and pg_verifybackup),
 * {@link dev.justpg.backup.pitr.Recovery} (lay out a data directory for recovery and wait for
 * it), {@link dev.justpg.backup.pitr.PitrDrill} (the whole drill).
 */
package dev.justpg.backup.pitr;
