package dev.justpg.backup.pitr.internal;

/**
 * The two shell scripts a WAL archive directory carries: the server runs one as
 * {@code archive_command} and the other as {@code restore_command}. POSIX {@code sh} with GNU
 * coreutils ({@code cp}, {@code cmp}, {@code sha256sum}, {@code sync}, {@code mv}).
 */
public final class ArchiveScripts {

    /** File name of the archive script under the archive's {@code bin} directory. */
    public static final String ARCHIVE = "justpg-archive-wal";
    /** File name of the restore script under the archive's {@code bin} directory. */
    public static final String RESTORE = "justpg-restore-wal";

    private ArchiveScripts() {
    }

    /**
     * The archive script: copies {@code $1} (the server's {@code %p}) to the archive as {@code $2}
     * ({@code %f}). An existing file with the same content is success (a retry after a crash); one
     * with other content is refused, never overwritten. The copy and its SHA-256 are written under
     * temporary names, flushed to disk, then renamed into place, and the directory is flushed.
     *
     * @param walDirectory the archive's WAL directory (already validated: no quote characters)
     * @return the script text
     */
    public static String archive(String walDirectory) {
        return "#!/bin/sh\n"
                + "# justpg WAL archive: archive_command = '<this script> \"%p\" \"%f\"'. Written by justpg.\n"
                + "set -eu\n"
                + "src=\"$1\"\n"
                + "name=\"$2\"\n"
                + "dir='" + walDirectory + "'\n"
                + "dest=\"$dir/$name\"\n"
                + "if [ -e \"$dest\" ]; then\n"
                + "  if cmp -s \"$src\" \"$dest\"; then\n"
                + "    exit 0\n"
                + "  fi\n"
                + "  echo \"justpg-archive-wal: $dest already exists with other content; refusing to overwrite it"
                + " (are two servers archiving into one directory?)\" >&2\n"
                + "  exit 1\n"
                + "fi\n"
                + "tmp=\"$dir/.$name.justpg-tmp\"\n"
                + "cp \"$src\" \"$tmp\"\n"
                + "sum=$(sha256sum \"$tmp\" | cut -d' ' -f1)\n"
                + "printf '%s  %s\\n' \"$sum\" \"$name\" > \"$tmp.sha256\"\n"
                + "sync \"$tmp\" \"$tmp.sha256\"\n"
                + "mv -f \"$tmp.sha256\" \"$dest.sha256\"\n"
                + "mv \"$tmp\" \"$dest\"\n"
                + "sync \"$dir\"\n";
    }

    /**
     * The restore script: copies archived {@code $1} ({@code %f}) to {@code $2} ({@code %p}) after
     * checking its SHA-256. A file that is not archived exits 1 (normal at the end of the archived
     * WAL); a checksum mismatch exits 126, which makes the server abort recovery instead of taking
     * the damaged file for the end of WAL.
     *
     * @param walDirectory the archive's WAL directory (already validated: no quote characters)
     * @return the script text
     */
    public static String restore(String walDirectory) {
        return "#!/bin/sh\n"
                + "# justpg WAL restore: restore_command = '<this script> \"%f\" \"%p\"'. Written by justpg.\n"
                + "set -u\n"
                + "name=\"$1\"\n"
                + "dest=\"$2\"\n"
                + "dir='" + walDirectory + "'\n"
                + "src=\"$dir/$name\"\n"
                + "[ -f \"$src\" ] || exit 1\n"
                + "if [ -f \"$src.sha256\" ]; then\n"
                + "  expected=$(cut -d' ' -f1 \"$src.sha256\")\n"
                + "  actual=$(sha256sum \"$src\" | cut -d' ' -f1)\n"
                + "  if [ \"$expected\" != \"$actual\" ]; then\n"
                + "    echo \"justpg-restore-wal: $src does not match its SHA-256 ($actual, archived as $expected);"
                + " recovery stops here\" >&2\n"
                + "    exit 126\n"
                + "  fi\n"
                + "fi\n"
                + "cp \"$src\" \"$dest\" || exit 126\n";
    }
}
