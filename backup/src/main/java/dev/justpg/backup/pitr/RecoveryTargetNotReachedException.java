package dev.justpg.backup.pitr;

/**
 * Recovery replayed every archived WAL file without reaching its target: the target lies after the
 * end of the archive (a time in the future, WAL not yet archived, a restore point that does not
 * exist, or an archive with a gap). The server stopped; nothing was promoted.
 */
public class RecoveryTargetNotReachedException extends PitrException {

    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param message what was asked, where the WAL ended, and what to do
     * @param cause the launcher's failure, if any
     */
    public RecoveryTargetNotReachedException(String message, Throwable cause) {
        super(message, cause);
    }
}
