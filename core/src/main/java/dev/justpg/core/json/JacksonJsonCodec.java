package dev.justpg.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * The Jackson 2 implementation of {@link JsonCodec}, justpg's default. Thread-safe. Only this class
 * refers to Jackson: applications that exclude Jackson and publish another codec never load it.
 */
public final class JacksonJsonCodec implements JsonCodec {

    private static final class Defaults {
        static final JacksonJsonCodec INSTANCE = new JacksonJsonCodec(new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }

    private final ObjectMapper mapper;

    private JacksonJsonCodec(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
    }

    /**
     * The Jackson codec with justpg's defaults: java.time support, ISO-8601 dates, unknown
     * properties ignored (so payloads can gain fields without breaking older readers).
     *
     * @return the shared codec
     */
    public static JacksonJsonCodec defaults() {
        return Defaults.INSTANCE;
    }

    /**
     * A Jackson codec over the caller's configured mapper.
     *
     * @param mapper the mapper (used as is, never modified)
     * @return the codec
     * @throws NullPointerException when {@code mapper} is null
     */
    public static JacksonJsonCodec of(ObjectMapper mapper) {
        return new JacksonJsonCodec(mapper);
    }

    @Override
    public String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JsonCodecException("could not encode a " + (value == null ? "null" : value.getClass().getName())
                    + " as JSON: " + e.getOriginalMessage()
                    + "; give the type public getters or a record shape, or pass a codec that knows it", e);
        }
    }

    @Override
    public <T> T decode(String json, Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw decodeFailure(type.getName(), e);
        }
    }

    @Override
    public <T> T decode(String json, Type type) {
        Objects.requireNonNull(type, "type must not be null");
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        try {
            return mapper.readValue(json, javaType);
        } catch (JsonProcessingException e) {
            throw decodeFailure(type.getTypeName(), e);
        }
    }

    private static JsonCodecException decodeFailure(String typeName, JsonProcessingException e) {
        return new JsonCodecException("could not decode JSON as " + typeName + ": " + e.getOriginalMessage()
                + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")" : ""), e);
    }
}
