/**
 * Orchestration of pg_dump, pg_restore and pg_basebackup, WAL archiving, point-in-time recovery,
 * retention and verification by restoring.
 *
 * <p>This module is reserved: its API lands with the backup issue.
 */
package dev.justpg.backup;
