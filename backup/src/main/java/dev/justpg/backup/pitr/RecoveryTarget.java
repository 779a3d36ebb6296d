package dev.justpg.backup.pitr;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where recovery stops: a time, a WAL location, a named restore point, a transaction, the first
 * consistent point, or the end of the archived WAL. Immutable.
 *
 * <pre>{@code
 * RecoveryTarget.time(noted)                      // "recover to 14:46"
 * RecoveryTarget.name("before-migration-42")      // WalArchiving.createRestorePoint(...)
 * RecoveryTarget.lsn(Lsn.parse("0/3000060")).inclusive(false)
 * }</pre>
 */
public final class RecoveryTarget {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

    private final String kind;
    private final String value;
    private final String description;
    private final boolean inclusive;
    private final TargetAction action;

    private RecoveryTarget(String kind, String value, String description, boolean inclusive, TargetAction action) {
        this.kind = kind;
        this.value = value;
        this.description = description;
        this.inclusive = inclusive;
        this.action = action;
    }

    /**
     * Stop at a moment: transactions committed at or before it are kept ({@code recovery_target_time}).
     * Recovery knows it has passed the moment only when it replays a commit stamped later; when the
     * archive holds no such commit it runs out of WAL and reports
     * {@link RecoveryTargetNotReachedException}. On a quiet server, commit anything after the moment
     * (for example {@code select txid_current()}) and archive it.
     *
     * @param moment the moment (sent in UTC with microseconds)
     * @return the target, inclusive, promoting
     */
    public static RecoveryTarget time(Instant moment) {
        Objects.requireNonNull(moment, "moment");
        return new RecoveryTarget("recovery_target_time", TIME.format(moment), "time " + moment, true,
                TargetAction.PROMOTE);
    }

    /**
     * Stop at a WAL location ({@code recovery_target_lsn}).
     *
     * @param lsn the location
     * @return the target, inclusive, promoting
     */
    public static RecoveryTarget lsn(Lsn lsn) {
        Objects.requireNonNull(lsn, "lsn");
        return new RecoveryTarget("recovery_target_lsn", lsn.toString(), "LSN " + lsn, true, TargetAction.PROMOTE);
    }

    /**
     * Stop at a named restore point ({@code recovery_target_name}) made by
     * {@link WalArchiving#createRestorePoint}.
     *
     * @param restorePoint the name, 1 to 63 bytes in UTF-8
     * @return the target, promoting
     * @throws IllegalArgumentException when the name is empty, too long or holds NUL
     */
    public static RecoveryTarget name(String restorePoint) {
        if (restorePoint == null || restorePoint.isEmpty() || restorePoint.indexOf('\0') >= 0
                || restorePoint.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw new IllegalArgumentException("a restore point name must be 1 to 63 bytes in UTF-8 without NUL, was '"
                    + restorePoint + "'");
        }
        return new RecoveryTarget("recovery_target_name", restorePoint, "restore point '" + restorePoint + "'", true,
                TargetAction.PROMOTE);
    }

    /**
     * Stop at a transaction ID ({@code recovery_target_xid}): transactions that committed before it
     * are kept (and it too, when inclusive).
     *
     * @param xid the transaction ID, 3 or more ({@code txid_current()} or {@code pg_current_xact_id()})
     * @return the target, inclusive, promoting
     */
    public static RecoveryTarget xid(long xid) {
        if (xid < 3) {
            throw new IllegalArgumentException("a transaction ID is 3 or more (0-2 are reserved), was " + xid);
        }
        return new RecoveryTarget("recovery_target_xid", Long.toString(xid), "transaction " + xid, true,
                TargetAction.PROMOTE);
    }

    /**
     * Stop as soon as the base backup is consistent ({@code recovery_target = 'immediate'}): the state
     * of the backup itself, no later.
     *
     * @return the target, promoting
     */
    public static RecoveryTarget immediate() {
        return new RecoveryTarget("recovery_target", "immediate", "the end of the base backup", true,
                TargetAction.PROMOTE);
    }

    /**
     * Replay all archived WAL (no target): the latest state the archive holds.
     *
     * @return the target, promoting
     */
    public static RecoveryTarget latest() {
        return new RecoveryTarget(null, null, "the end of the archived WAL", true, TargetAction.PROMOTE);
    }

    /**
     * Whether the target itself is kept ({@code recovery_target_inclusive}, default {@code true}):
     * with {@code false}, recovery stops just before it.
     *
     * @param value whether to include the target
     * @return a copy with the setting
     */
    public RecoveryTarget inclusive(boolean value) {
        return new RecoveryTarget(kind, this.value, description, value, action);
    }

    /**
     * What the server does at the target (default {@link TargetAction#PROMOTE}).
     *
     * @param value the action
     * @return a copy with the setting
     */
    public RecoveryTarget action(TargetAction value) {
        return new RecoveryTarget(kind, this.value, description, inclusive, Objects.requireNonNull(value, "action"));
    }

    /**
     * Whether recovery stops before the end of the WAL (every target but {@link #latest()}).
     *
     * @return {@code true} when there is a target
     */
    public boolean hasTarget() {
        return kind != null;
    }

    /**
     * The action at the target.
     *
     * @return the action
     */
    public TargetAction action() {
        return action;
    }

    /**
     * Whether the target itself is kept.
     *
     * @return the setting
     */
    public boolean isInclusive() {
        return inclusive;
    }

    /**
     * The recovery settings this target writes (without {@code restore_command}).
     *
     * @return setting name to value, in order
     */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        if (kind != null) {
            s.put(kind, value);
            if (!"recovery_target".equals(kind) && !"recovery_target_name".equals(kind)) {
                s.put("recovery_target_inclusive", Boolean.toString(inclusive));
            }
            s.put("recovery_target_action", action.setting());
        }
        s.put("recovery_target_timeline", "latest");
        return s;
    }

    @Override
    public String toString() {
        return description + (kind != null && !inclusive ? " (exclusive)" : "") + ", then " + action.setting();
    }
}
