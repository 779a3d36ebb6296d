package dev.justpg.backup.pitr;

/**
 * One file in a {@link WalArchive}.
 *
 * @param name the file name as the server named it ({@code 000000010000000000000003},
 *     {@code 00000002.history}, ...)
 * @param size its size in bytes
 * @param hasChecksum whether the archive holds its SHA-256 (every file archived through the
 *     archive's own command has one)
 */
public record ArchivedWal(String name, long size, boolean hasChecksum) {
}
