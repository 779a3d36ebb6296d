package dev.justpg.realtime;

/**
 * Turns a channel's payload value into notification text and back.
 *
 * <p>NOTIFY payloads are text: they cannot contain a NUL character and must be shorter than 8000
 * bytes in the server encoding (larger ones are spilled by {@link PubSub}, see
 * {@link PubSub.Builder#spill(boolean)}). Implementations must be thread-safe.
 *
 * @param <T> the payload type
 */
public interface PayloadCodec<T> {

    /**
     * Encodes a value as payload text.
     *
     * @param value the value
     * @return the text (not null)
     */
    String encode(T value);

    /**
     * Decodes payload text.
     *
     * @param text the payload as received
     * @return the value
     * @throws RuntimeException when the text is not a valid encoding (the message is reported
     *     to {@link PubSubListener#onDecodeFailure} and skipped)
     */
    T decode(String text);

    /**
     * The identity codec for plain-text payloads.
     *
     * @return the text codec
     */
    static PayloadCodec<String> text() {
        return TextCodec.INSTANCE;
    }
}
