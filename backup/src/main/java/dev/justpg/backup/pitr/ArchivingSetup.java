package dev.justpg.backup.pitr;

import java.util.List;

/**
 * What {@link WalArchiving#configure} did.
 *
 * @param changes the settings written (empty when everything was already in place)
 * @param restartPending whether the server still runs with an old value of a setting that needs a
 *     restart: archiving starts only after the server restarts
 */
public record ArchivingSetup(List<SettingChange> changes, boolean restartPending) {

    /**
     * The setup with an immutable copy of the list.
     *
     * @param changes the settings written
     * @param restartPending whether a restart is still needed
     */
    public ArchivingSetup {
        changes = List.copyOf(changes);
    }
}
