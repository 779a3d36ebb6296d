package dev.justpg.search;

import java.util.List;

/**
 * A search cannot use an index it needs: the index is missing, invalid, or does not match the
 * expression the search uses. Thrown by {@link SearchIndex#assertIndexesUsed()}, meant for users'
 * tests and start-up checks.
 */
public final class IndexNotUsedException extends SearchException {

    private static final long serialVersionUID = 1L;

    /** The names of the indexes the plans did not use. */
    private final List<String> missing;

    /**
     * An exception.
     *
     * @param message the message, naming each missing index and the plan the server chose
     * @param missing the names of the indexes not used
     */
    public IndexNotUsedException(String message, List<String> missing) {
        super(message);
        this.missing = List.copyOf(missing);
    }

    /**
     * The indexes the plans did not use.
     *
     * @return their names
     */
    public List<String> missing() {
        return missing;
    }
}
