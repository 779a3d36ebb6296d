package dev.justpg.backup;

import dev.justpg.core.JustPgException;
import java.util.Objects;

/**
 * A backup, restore or verification failed. {@link #kind()} says why; {@link #toolMessage()}
 * keeps the client tool's own error lines (never a password).
 */
public class BackupException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /** Why the run failed. */
    private final FailureKind kind;
    /** The tool's own error lines. */
    private final String toolMessage;

    /**
     * Creates the exception.
     *
     * @param kind why it failed
     * @param message what happened and what to do
     * @param toolMessage the tool's own error output, or an empty string
     * @param cause the underlying failure, or {@code null}
     */
    public BackupException(FailureKind kind, String message, String toolMessage, Throwable cause) {
        super(message + (toolMessage == null || toolMessage.isBlank() ? "" : "\n" + toolMessage.strip()), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.toolMessage = toolMessage == null ? "" : toolMessage.strip();
    }

    /**
     * Creates the exception without tool output.
     *
     * @param kind why it failed
     * @param message what happened and what to do
     */
    public BackupException(FailureKind kind, String message) {
        this(kind, message, "", null);
    }

    /** @return why the run failed */
    public FailureKind kind() {
        return kind;
    }

    /** @return the client tool's error lines as it printed them, or an empty string */
    public String toolMessage() {
        return toolMessage;
    }
}
