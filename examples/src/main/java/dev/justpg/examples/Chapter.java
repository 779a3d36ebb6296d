package dev.justpg.examples;

/** One chapter of the {@link Tour}: a short demonstration of one capability, in plain words. */
public interface Chapter {

    /**
     * The chapter's title, printed as its heading.
     *
     * @return the title
     */
    String title();

    /**
     * Runs the demonstration. It prints what it does through {@link TourContext#say}.
     *
     * @param ctx the server, a database of the chapter's own and the printer
     * @throws Exception when the demonstration fails (the tour stops with the error)
     */
    void run(TourContext ctx) throws Exception;
}
