package dev.justpg.backup.pitr;

import java.util.List;

/**
 * What a WAL archive cleanup removes (or, as a dry run, would remove).
 *
 * @param firstKept the oldest segment kept: the start segment of the oldest kept base backup
 * @param deleted the files removed (with their checksums), oldest first
 * @param kept how many files stay
 * @param bytesFreed the bytes the removed files held
 * @param dryRun whether nothing was deleted
 */
public record WalCleanup(String firstKept, List<String> deleted, int kept, long bytesFreed, boolean dryRun) {

    /**
     * The plan with an immutable copy of the list.
     *
     * @param firstKept the oldest segment kept
     * @param deleted the files removed
     * @param kept how many files stay
     * @param bytesFreed the bytes freed
     * @param dryRun whether nothing was deleted
     */
    public WalCleanup {
        deleted = List.copyOf(deleted);
    }
}
