package dev.justpg.core.json;

import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Turns values into JSON text and back: the service provider interface justpg modules use for
 * typed payloads (notifications, job arguments, audit details).
 *
 * <p>The interface names no JSON library. The default is Jackson 2 ({@link JacksonJsonCodec}), used
 * when it is on the classpath. To use another JSON library (Jackson 3, Gson, ...) everywhere, publish
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
     * The codec found through {@link ServiceLoader}; when there is none, the Jackson codec
     * ({@link JacksonJsonCodec#defaults()}) if Jackson 2 is on the classpath.
     *
     * @return the default codec
     * @throws JsonCodecException when no codec is published and Jackson is absent (the message names
     *     what to add)
     */
    static JsonCodec defaultCodec() {
        return DefaultCodecHolder.get();
    }

    /** Lazily loads the default codec once. */
    final class DefaultCodecHolder {
        private static volatile JsonCodec instance;

        private DefaultCodecHolder() {
        }

        static JsonCodec get() {
            JsonCodec c = instance;
            if (c == null) {
                synchronized (DefaultCodecHolder.class) {
                    c = instance;
                    if (c == null) {
                        c = load();
                        instance = c;
                    }
                }
            }
            return c;
        }

        private static JsonCodec load() {
            Iterator<JsonCodec> found = ServiceLoader.load(JsonCodec.class, JsonCodec.class.getClassLoader()).iterator();
            if (found.hasNext()) {
                return found.next();
            }
            try {
                Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, JsonCodec.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new JsonCodecException("no JSON codec: Jackson 2 (com.fasterxml.jackson.core:jackson-databind)"
                        + " is not on the classpath and no dev.justpg.core.json.JsonCodec is published in"
                        + " META-INF/services; add jackson-databind and jackson-datatype-jsr310, publish your own"
                        + " codec, or pass a codec to each builder that takes one", e);
            }
            return JacksonJsonCodec.defaults();
        }
    }
}
