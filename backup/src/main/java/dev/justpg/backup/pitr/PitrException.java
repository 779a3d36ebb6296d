package dev.justpg.backup.pitr;

import dev.justpg.core.JustPgException;

/** A base backup, archiving or recovery step failed; the message says what happened and what to do. */
public class PitrException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with a message.
     *
     * @param message what happened and what to do
     */
    public PitrException(String message) {
        super(message);
    }

    /**
     * A failure with a message and its cause.
     *
     * @param message what happened and what to do
     * @param cause the cause
     */
    public PitrException(String message, Throwable cause) {
        super(message, cause);
    }
}
