package dev.justpg.realtime;

import dev.justpg.core.Identifier;
import dev.justpg.core.json.JsonCodec;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A typed LISTEN/NOTIFY channel: a validated name and the codec for its payloads.
 *
 * <pre>{@code
 * Channel<OrderStatus> orders = Channel.of("order_status", OrderStatus.class); // JSON
 * Channel<String> chat = Channel.text("chat");
 * }</pre>
 *
 * <p>Name rules, checked here before anything reaches the server:
 * <ul>
 *   <li>not empty or blank, no NUL character;</li>
 *   <li>at most {@value #MAX_NAME_BYTES} bytes in UTF-8. PostgreSQL limits channel names to 63
 *       bytes in the server encoding; {@code pg_notify} rejects longer names while
 *       {@code LISTEN} silently truncates them, so a longer name would listen on a different
 *       channel than it publishes to. UTF-8 is never shorter than the single-byte server
 *       encodings, so this check is at least as strict as the server's.</li>
 * </ul>
 *
 * <p>Case: the name is used exactly as given and is case-sensitive. justpg always quotes it in
 * {@code LISTEN} and passes it as a bind parameter to {@code pg_notify}. {@code Channel.of("Orders")}
 * receives {@code pg_notify('Orders', ...)} and {@code NOTIFY "Orders"}, but not an unquoted
 * {@code NOTIFY Orders}, which PostgreSQL folds to {@code orders}. Prefer lower-case names.
 *
 * <p>Immutable and thread-safe. Two channels are equal when name and codec are equal.
 *
 * @param <T> the payload type
 */
public final class Channel<T> {

    /** The longest channel name in bytes: PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_NAME_BYTES = Identifier.MAX_BYTES;

    private final String name;
    private final PayloadCodec<T> codec;

    private Channel(String name, PayloadCodec<T> codec) {
        this.name = checkName(name);
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
    }

    /**
     * A channel with JSON payloads, encoded by {@link JsonCodec#defaultCodec()} (Jackson unless
     * another codec is registered).
     *
     * @param name the channel name, exactly as the server should see it
     * @param type the payload class (a record or a class with a Jackson-friendly shape)
     * @param <T> the payload type
     * @return the channel
     * @throws IllegalArgumentException when the name breaks a rule (the message names it)
     */
    public static <T> Channel<T> of(String name, Class<T> type) {
        return of(name, type, JsonCodec.defaultCodec());
    }

    /**
     * A channel with JSON payloads of a generic type (for example {@code List<Order>}).
     *
     * @param name the channel name
     * @param type the payload type
     * @param json the JSON codec
     * @param <T> the payload type
     * @return the channel
     * @throws IllegalArgumentException when the name breaks a rule
     */
    public static <T> Channel<T> of(String name, Type type, JsonCodec json) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(json, "json codec must not be null");
        return new Channel<>(name, new JsonPayloadCodec<>(json, type));
    }

    /**
     * A channel with a codec of the caller's.
     *
     * @param name the channel name
     * @param codec the payload codec
     * @param <T> the payload type
     * @return the channel
     * @throws IllegalArgumentException when the name breaks a rule
     */
    public static <T> Channel<T> of(String name, PayloadCodec<T> codec) {
        return new Channel<>(name, codec);
    }

    /**
     * A channel with plain-text payloads, readable by any other NOTIFY client.
     *
     * @param name the channel name
     * @return the channel
     * @throws IllegalArgumentException when the name breaks a rule
     */
    public static Channel<String> text(String name) {
        return new Channel<>(name, PayloadCodec.text());
    }

    /**
     * The name, unquoted, exactly as the server sees it.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The payload codec.
     *
     * @return the codec
     */
    public PayloadCodec<T> codec() {
        return codec;
    }

    /**
     * The name as a quoted SQL identifier, for {@code LISTEN} / {@code UNLISTEN}.
     *
     * @return for example {@code "order_status"}
     */
    public String quotedName() {
        return Identifier.quote(name);
    }

    /**
     * Checks a channel name against the rules of this class.
     *
     * @param name the name
     * @return the same name
     * @throws IllegalArgumentException naming the broken rule
     */
    static String checkName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("channel name must not be null: rule 'not empty'");
        }
        try {
            Identifier.quote(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel " + e.getMessage().replaceFirst("^name ", ""), e);
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Channel && ((Channel<?>) o).name.equals(name) && ((Channel<?>) o).codec.equals(codec);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + codec.hashCode();
    }

    /**
     * The name and codec.
     *
     * @return for example {@code Channel[order_status, json(OrderStatus)]}
     */
    @Override
    public String toString() {
        return "Channel[" + name + ", " + codec + "]";
    }
}
