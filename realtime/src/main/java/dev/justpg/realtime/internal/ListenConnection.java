package dev.justpg.realtime.internal;

/**
 * The dedicated listening connection, used by one thread at a time (the one holding the reader
 * role; passing the role on orders one holder's use before the next's) except for
 * {@link #wakeup()}. Every wait is bounded: nothing here blocks without a timeout.
 */
interface ListenConnection {

    /**
     * The server process id of the listening session.
     *
     * @return the pid
     */
    int backendPid();

    /**
     * Runs utility statements ({@code LISTEN}, {@code UNLISTEN}) and waits for them, bounded by
     * the probe timeout. Notifications read meanwhile go to the sink.
     *
     * @param sql one or more statements separated by {@code ;}
     * @param sink where notifications go
     * @throws Exception when the statement fails or the connection is lost
     */
    void execute(String sql, NotificationSink sink) throws Exception;

    /**
     * Reads notifications until woken up or the idle timeout passes.
     *
     * @param sink where notifications go
     * @return {@code true} when anything was read, {@code false} after an idle timeout
     * @throws Exception when the connection is lost
     */
    boolean await(NotificationSink sink) throws Exception;

    /**
     * Checks that the server still answers, bounded by the probe timeout.
     *
     * @param sink where notifications read meanwhile go
     * @throws Exception when it does not answer in time
     */
    void probe(NotificationSink sink) throws Exception;

    /** Makes a running {@link #await} return soon. Thread-safe, cheap, never throws. */
    void wakeup();

    /**
     * Closes the connection. Graceful: {@code UNLISTEN *} first, so a pooled connection goes
     * back clean. Otherwise the socket is closed at once.
     *
     * @param graceful whether to unlisten first
     */
    void close(boolean graceful);
}
