package dev.justpg.core.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Turns values into JSON text and back: the service provider interface justpg modules use for
 * typed payloads (notifications, job arguments, audit details).
 *
 * <p>The default is Jackson ({@link #jackson()}). To use another JSON library everywhere, publish
 * an implementation with a public no-argument constructor in
 * {@code META-INF/services/dev.justpg.core.json.JsonCodec}; {@link #defaultCodec()} picks the
 * first one found. Or pass a codec to each builder that takes one.
 */
public interface JsonCodec {

    /**
     * Encodes a value as JSON text.
     *
     * @param value the value (may be {@code null}, encoded as {@code null})
     * @return the JSON text
     * @throws JsonCodecException when the value cannot be encoded
     */
    String encode(Object value);

    /**
     * Decodes JSON text into a value of a class.
     *
     * @param json the JSON text
     * @param type the target class
     * @param <T> the target type
     * @return the value
     * @throws JsonCodecException when the text is not valid JSON for the type
     */
    <T> T decode(String json, Class<T> type);

    /**
     * Decodes JSON text into a value of a generic type (for example {@code List<Order>}).
     *
     * @param json the JSON text
     * @param type the target type
     * @param <T> the target type
     * @return the value
     * @throws JsonCodecException when the text is not valid JSON for the type
     */
    <T> T decode(String json, Type type);

    /**
     * The codec found through {@link ServiceLoader}, or {@link #jackson()} when there is none.
     *
     * @return the default codec
     */
    static JsonCodec defaultCodec() {
        return DefaultCodecHolder.INSTANCE;
    }

    /**
     * The Jackson codec with justpg's defaults: java.time support, ISO-8601 dates, unknown
     * properties ignored (so payloads can gain fields without breaking older readers).
     *
     * @return the shared Jackson codec
     */
    static JsonCodec jackson() {
        return JacksonJsonCodec.DEFAULT;
    }

    /**
     * A Jackson codec over the caller's configured mapper.
     *
     * @param mapper the mapper (used as is, never modified)
     * @return the codec
     */
    static JsonCodec jackson(ObjectMapper mapper) {
        return new JacksonJsonCodec(mapper);
    }

    /** Lazily loads the default codec once. */
    final class DefaultCodecHolder {
        static final JsonCodec INSTANCE = load();

        private DefaultCodecHolder() {
        }

        private static JsonCodec load() {
            Iterator<JsonCodec> found = ServiceLoader.load(JsonCodec.class).iterator();
            return found.hasNext() ? found.next() : JacksonJsonCodec.DEFAULT;
        }
    }
}
