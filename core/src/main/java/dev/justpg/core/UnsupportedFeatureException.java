package dev.justpg.core;

/**
 * The connected server cannot do what was asked: its version is too old, or an extension is not
 * installed or not available. The message names the feature, what the server has and what to do.
 */
public final class UnsupportedFeatureException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the feature, what the server has, and the fix
     */
    public UnsupportedFeatureException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that revealed the missing feature.
     *
     * @param message the feature, what the server has, and the fix
     * @param cause the underlying failure
     */
    public UnsupportedFeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
