package dev.justpg.backup.internal;

import dev.justpg.backup.FailureKind;
import java.util.Locale;

/** Maps a tool's error output to a failure kind. */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /**
     * Classifies error output.
     *
     * @param errorText the tool's error lines
     * @return the kind ({@link FailureKind#OTHER} when nothing matches)
     */
    public static FailureKind classify(String errorText) {
        String t = errorText.toLowerCase(Locale.ROOT);
        if (t.contains("no space left on device") || t.contains("could not extend file") || t.contains("disk full")
                || t.contains("disk quota exceeded")) {
            return FailureKind.DISK_FULL;
        }
        if (t.contains("password authentication failed") || t.contains("no password supplied") || t.contains("pg_hba.conf")
                || t.contains("authentication failed") || t.contains("fe_sendauth")) {
            return FailureKind.AUTHENTICATION;
        }
        if (t.contains("server version mismatch") || t.contains("unsupported version") || t.contains("unrecognized configuration parameter")
                || t.contains("aborting because of") || t.contains("\\restrict") || t.contains("invalid command \\restrict")) {
            return FailureKind.VERSION_MISMATCH;
        }
        if (t.contains("permission denied") || t.contains("must be owner") || t.contains("must be superuser")
                || t.contains("must have") && t.contains("privilege")) {
            return FailureKind.PERMISSION;
        }
        if (t.contains("does not exist") || t.contains("no matching tables were found") || t.contains("no matching schemas were found")
                || t.contains("could not open input file") || t.contains("no such file")) {
            return FailureKind.MISSING_OBJECT;
        }
        if (t.contains("errors ignored on restore")) {
            return FailureKind.ERRORS_IGNORED;
        }
        if (t.contains("unexpected end of file") || t.contains("could not read from input file") || t.contains("did not find magic string")
                || t.contains("corrupt") || t.contains("could not uncompress") || t.contains("invalid") && t.contains("header")) {
            return FailureKind.CORRUPT;
        }
        return FailureKind.OTHER;
    }

    /**
     * Classifies a local I/O failure (disk full or other).
     *
     * @param e the failure
     * @return {@link FailureKind#DISK_FULL} or {@link FailureKind#OTHER}
     */
    public static FailureKind io(java.io.IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("no space left") || m.contains("disk quota") ? FailureKind.DISK_FULL : FailureKind.OTHER;
    }
}
