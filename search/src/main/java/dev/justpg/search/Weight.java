package dev.justpg.search;

/** The weight of a field in the tsvector ({@code setweight}): A is the most important, D the least. */
public enum Weight {
    /** The most important fields (titles, names). */
    A,
    /** Important fields (summaries, tags). */
    B,
    /** Less important fields. */
    C,
    /** The least important fields (bodies, comments). */
    D;

    /**
     * The letter PostgreSQL uses.
     *
     * @return {@code 'A'} to {@code 'D'}
     */
    public char letter() {
        return name().charAt(0);
    }
}
