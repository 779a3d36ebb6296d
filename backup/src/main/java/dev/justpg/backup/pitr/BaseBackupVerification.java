package dev.justpg.backup.pitr;

import java.util.List;

/**
 * What {@code pg_verifybackup} found: every file against the backup manifest's size and checksum,
 * and the WAL the backup needs.
 *
 * @param ok whether the backup is intact
 * @param problems the tool's lines that name a problem (empty when ok)
 */
public record BaseBackupVerification(boolean ok, List<String> problems) {

    /**
     * The verification with an immutable copy of the list.
     *
     * @param ok whether the backup is intact
     * @param problems the problems
     */
    public BaseBackupVerification {
        problems = List.copyOf(problems);
    }
}
