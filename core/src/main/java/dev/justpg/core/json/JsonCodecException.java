package dev.justpg.core.json;

import dev.justpg.core.JustPgException;

/** A value could not be encoded as JSON, or JSON text could not be decoded into the asked type. */
public final class JsonCodecException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be encoded or decoded, and why
     * @param cause the codec's own failure
     */
    public JsonCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
