package dev.justpg.backup.pitr;

/**
 * Progress of a running base backup, from {@code pg_basebackup --progress} (which ends its lines
 * with a carriage return, not a newline).
 *
 * @param doneKiB kibibytes copied so far
 * @param totalKiB the estimated total (the server estimates it at the start; it can grow)
 * @param percent the tool's own percentage, 0 to 100
 */
public record BaseBackupProgress(long doneKiB, long totalKiB, int percent) {
}
