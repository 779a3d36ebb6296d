package dev.justpg.realtime;

import dev.justpg.core.json.JsonCodec;
import java.lang.reflect.Type;

/** A {@link PayloadCodec} over a {@link JsonCodec}. */
final class JsonPayloadCodec<T> implements PayloadCodec<T> {

    private final JsonCodec json;
    private final Type type;

    JsonPayloadCodec(JsonCodec json, Type type) {
        this.json = json;
        this.type = type;
    }

    @Override
    public String encode(T value) {
        return json.encode(value);
    }

    @Override
    public T decode(String text) {
        return json.decode(text, type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPayloadCodec && ((JsonPayloadCodec<?>) o).json.equals(json)
                && ((JsonPayloadCodec<?>) o).type.equals(type);
    }

    @Override
    public int hashCode() {
        return json.hashCode() * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return "json(" + type.getTypeName() + ")";
    }
}
