package dev.justpg.search.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * User input reduced to a canonical, harmless websearch text plus an optional prefix word.
 *
 * @param tokens the accepted tokens in order (the prefix word excluded)
 * @param prefixWord the last word for a prefix match (letters and digits only), or null
 * @param prefixOr whether the prefix word was joined with {@code or}
 * @param truncated whether the input was cut at the length or term limit
 */
public record ParsedInput(List<Token> tokens, String prefixWord, boolean prefixOr, boolean truncated) {

    /** Kinds of token. */
    public enum Kind {
        /** A word that must match. */
        WORD,
        /** A word that must not match. */
        NOT_WORD,
        /** A phrase that must match. */
        PHRASE,
        /** A phrase that must not match. */
        NOT_PHRASE,
        /** The {@code or} operator. */
        OR
    }

    /**
     * One token.
     *
     * @param kind the kind
     * @param words the word (one) or the phrase's words
     */
    public record Token(Kind kind, List<String> words) {
    }

    /**
     * The canonical websearch text, safe to pass to {@code websearch_to_tsquery} as a bind value.
     *
     * @return the text, empty when there are no tokens
     */
    public String websearch() {
        return render(Map.of());
    }

    /**
     * The canonical websearch text with some plain words replaced.
     *
     * @param replacements lower-cased word to its replacement
     * @return the text
     */
    public String render(Map<String, String> replacements) {
        StringBuilder b = new StringBuilder();
        for (Token t : tokens) {
            if (b.length() > 0) {
                b.append(' ');
            }
            switch (t.kind()) {
                case WORD -> b.append(replacements.getOrDefault(t.words().get(0).toLowerCase(java.util.Locale.ROOT),
                        t.words().get(0)));
                case NOT_WORD -> b.append('-').append(t.words().get(0));
                case PHRASE -> b.append('"').append(String.join(" ", t.words())).append('"');
                case NOT_PHRASE -> b.append("-\"").append(String.join(" ", t.words())).append('"');
                case OR -> b.append("or");
                default -> throw new IllegalStateException(t.kind().toString());
            }
        }
        return b.toString();
    }

    /**
     * Whether nothing at all is left to search for.
     *
     * @return true when there are no tokens and no prefix word
     */
    public boolean isEmpty() {
        return prefixWord == null && tokens.stream().allMatch(t -> t.kind() == Kind.OR);
    }

    /**
     * Whether the input only excludes (no positive word, phrase or prefix).
     *
     * @return true when every term is an exclusion
     */
    public boolean onlyExclusions() {
        return prefixWord == null && tokens.stream().noneMatch(t -> t.kind() == Kind.WORD || t.kind() == Kind.PHRASE)
                && tokens.stream().anyMatch(t -> t.kind() == Kind.NOT_WORD || t.kind() == Kind.NOT_PHRASE);
    }

    /**
     * Whether the input has an exclusion.
     *
     * @return true when some term is excluded
     */
    public boolean hasExclusion() {
        return tokens.stream().anyMatch(t -> t.kind() == Kind.NOT_WORD || t.kind() == Kind.NOT_PHRASE);
    }

    /**
     * The plain positive words (candidates for typo correction), lower-cased.
     *
     * @return the words, in order, without duplicates
     */
    public List<String> plainWords() {
        List<String> out = new ArrayList<>();
        for (Token t : tokens) {
            if (t.kind() == Kind.WORD) {
                String w = t.words().get(0).toLowerCase(java.util.Locale.ROOT);
                if (!out.contains(w)) {
                    out.add(w);
                }
            }
        }
        return out;
    }
}
