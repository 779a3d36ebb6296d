package dev.justpg.backup.pitr;

/**
 * One server setting that {@link WalArchiving#configure} changed through {@code ALTER SYSTEM}.
 *
 * @param name the setting, such as {@code archive_mode}
 * @param before its value before the change
 * @param after the value written
 * @param needsRestart whether it takes effect only after a server restart ({@code postmaster}
 *     context, like {@code wal_level} and {@code archive_mode}); the others take effect at the reload
 *     {@code configure} performs
 */
public record SettingChange(String name, String before, String after, boolean needsRestart) {
}
