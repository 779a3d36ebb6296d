package dev.justpg.realtime.internal;

import dev.justpg.core.json.JsonCodec;
import dev.justpg.realtime.PayloadCodec;
import dev.justpg.realtime.RowChange;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;

/**
 * Decodes the JSON a change-feed trigger sends, {@code {"operation":"UPDATE","schema":"public",
 * "table":"orders","key":{...},"row":{...}}}, straight into {@code RowChange<T>} so the row keeps
 * its JSON types (numerics stay exact).
 *
 * @param <T> the row type
 */
public final class RowChangeCodec<T> implements PayloadCodec<RowChange<T>> {

    private final JsonCodec json;
    private final Type rowType;
    private final Type changeType;

    /**
     * A codec.
     *
     * @param json the JSON codec
     * @param rowType what the selected columns decode into
     */
    public RowChangeCodec(JsonCodec json, Type rowType) {
        this.json = json;
        this.rowType = rowType;
        this.changeType = new RowChangeType(rowType);
    }

    @Override
    public String encode(RowChange<T> value) {
        return json.encode(value);
    }

    @Override
    public RowChange<T> decode(String text) {
        return json.decode(text, changeType);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowChangeCodec && ((RowChangeCodec<?>) o).json.equals(json)
                && ((RowChangeCodec<?>) o).rowType.equals(rowType);
    }

    @Override
    public int hashCode() {
        return json.hashCode() * 31 + rowType.hashCode();
    }

    @Override
    public String toString() {
        return "rowChange(" + rowType.getTypeName() + ")";
    }

    /** {@code RowChange<rowType>} as a reflective type for the JSON codec. */
    private static final class RowChangeType implements ParameterizedType {
        private final Type[] args;

        RowChangeType(Type rowType) {
            this.args = new Type[] {rowType};
        }

        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return RowChange.class;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType && ((ParameterizedType) o).getRawType() == RowChange.class
                    && ((ParameterizedType) o).getOwnerType() == null
                    && Arrays.equals(((ParameterizedType) o).getActualTypeArguments(), args);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(args) ^ RowChange.class.hashCode();
        }

        @Override
        public String getTypeName() {
            return RowChange.class.getName() + "<" + args[0].getTypeName() + ">";
        }
    }
}
