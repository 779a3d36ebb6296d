package dev.justpg.realtime;

/** The identity codec behind {@link PayloadCodec#text()}. */
final class TextCodec implements PayloadCodec<String> {

    static final TextCodec INSTANCE = new TextCodec();

    private TextCodec() {
    }

    @Override
    public String encode(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a text payload must not be null; publish \"\" for an empty payload");
        }
        return value;
    }

    @Override
    public String decode(String text) {
        return text;
    }

    @Override
    public String toString() {
        return "text";
    }
}
