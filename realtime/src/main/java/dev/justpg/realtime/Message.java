package dev.justpg.realtime;

import java.util.Objects;
import java.util.Optional;

/**
 * One notification delivered to a {@link Subscriber}, with its payload decoded.
 *
 * @param <T> the payload type
 */
public final class Message<T> {

    private final Channel<T> channel;
    private final T payload;
    private final String id;
    private final int senderPid;

    private Message(Channel<T> channel, T payload, String id, int senderPid) {
        this.channel = Objects.requireNonNull(channel, "channel must not be null");
        this.payload = payload;
        this.id = id;
        this.senderPid = senderPid;
    }

    /**
     * A message, as delivered (also useful to test handlers).
     *
     * @param channel the channel it came on
     * @param payload the decoded payload
     * @param id the publisher's message id, or {@code null} when none was given
     * @param senderPid the backend process id of the publishing session
     * @param <T> the payload type
     * @return the message
     */
    public static <T> Message<T> of(Channel<T> channel, T payload, String id, int senderPid) {
        return new Message<>(channel, payload, id, senderPid);
    }

    /**
     * The channel the message came on.
     *
     * @return the channel
     */
    public Channel<T> channel() {
        return channel;
    }

    /**
     * The decoded payload.
     *
     * @return the payload (null only when the codec decodes to null)
     */
    public T payload() {
        return payload;
    }

    /**
     * The message id the publisher attached ({@link PubSub#publish(java.sql.Connection, Channel,
     * Object, String)}), if any.
     *
     * @return the id, or empty
     */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /**
     * The backend process id of the session that published the message; compare it with
     * {@code pg_backend_pid()} of a publishing connection to skip one's own messages.
     *
     * @return the publisher's backend pid
     */
    public int senderPid() {
        return senderPid;
    }

    /**
     * A short description.
     *
     * @return the channel, id and payload
     */
    @Override
    public String toString() {
        return "Message[" + channel.name() + (id == null ? "" : ", id=" + id) + ", " + payload + "]";
    }
}
