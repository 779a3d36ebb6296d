package dev.justpg.backup;

import java.time.Duration;
import java.util.List;

/**
 * What a restore did.
 *
 * @param database the database restored into
 * @param elapsed how long the restore took (tools and settings; the minimum downtime of a real restore)
 * @param entries how many table-of-contents entries were restored (0 for a plain dump)
 * @param carried the statements that re-applied the original database's settings, comment and grants
 */
public record RestoreResult(String database, Duration elapsed, int entries, List<String> carried) {
    /**
     * Copies the list.
     *
     * @param database see the record description
     * @param elapsed see the record description
     * @param entries see the record description
     * @param carried see the record description
     */
    public RestoreResult {
        carried = List.copyOf(carried);
    }
}
