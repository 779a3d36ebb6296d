package dev.justpg.backup.pitr;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@link PitrDrill} proved.
 *
 * @param passed whether recovery reached the noted time and the check accepted the recovered data
 * @param backup the base backup the drill took and recovered from
 * @param notedAt the point in time recovered to (the server's clock after the workload)
 * @param disasterAt when the disaster ran (the server's clock before it)
 * @param lastReplayedCommit the commit time of the last transaction the recovered server replayed
 * @param recoveryTime from starting the recovered server to the end of recovery: the least
 *     downtime of a real restore of this size
 * @param dataLossWindow from the last replayed commit to the disaster: work committed in that
 *     window is not in the recovered copy (with a target just before the disaster, this is the
 *     true loss)
 * @param stopMessage the server's line about where recovery stopped
 * @param failure why the drill failed (empty when it passed)
 */
public record DrillReport(boolean passed, BaseBackup backup, Instant notedAt, Instant disasterAt,
        Optional<Instant> lastReplayedCommit, Duration recoveryTime, Duration dataLossWindow,
        Optional<String> stopMessage, Optional<String> failure) {
}
