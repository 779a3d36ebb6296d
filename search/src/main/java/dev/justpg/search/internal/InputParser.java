package dev.justpg.search.internal;

import dev.justpg.search.internal.ParsedInput.Kind;
import dev.justpg.search.internal.ParsedInput.Token;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reduces any user input to a {@link ParsedInput}. Never throws on any string: control characters
 * (NUL included) become spaces, anything that is not a letter, digit or mark separates words, the
 * input is cut at a length and a term limit. Recognised syntax: {@code "quoted phrases"},
 * {@code or}, {@code -exclusion}; the last word is a prefix when the input does not end in a
 * separator.
 */
public final class InputParser {

    private final int maxChars;
    private final int maxTerms;

    /**
     * A parser.
     *
     * @param maxChars inputs longer than this (in UTF-16 units) are cut
     * @param maxTerms words beyond this count are dropped
     */
    public InputParser(int maxChars, int maxTerms) {
        this.maxChars = maxChars;
        this.maxTerms = maxTerms;
    }

    /**
     * Parses.
     *
     * @param input the user's text (null is treated as empty)
     * @param prefix whether to turn the last word into a prefix match
     * @return the parsed input
     */
    public ParsedInput parse(String input, boolean prefix) {
        String s = input == null ? "" : input;
        boolean truncated = false;
        if (s.length() > maxChars * 4) {
            s = s.substring(0, maxChars * 4); // bound the cost of normalisation
        }
        s = Normalizer.normalize(clean(s), Normalizer.Form.NFC);
        if (s.length() > maxChars) {
            int cut = maxChars;
            if (Character.isHighSurrogate(s.charAt(cut - 1))) {
                cut--;
            }
            s = s.substring(0, cut);
            truncated = true;
        }
        List<Token> tokens = new ArrayList<>();
        List<String> phrase = null;
        boolean phraseNegated = false;
        boolean pendingMinus = false;
        boolean lastWordOpen = false; // the input ends inside the last word
        int terms = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            if (cp == '"') {
                if (phrase == null) {
                    phrase = new ArrayList<>();
                    phraseNegated = pendingMinus;
                } else {
                    closePhrase(tokens, phrase, phraseNegated);
                    phrase = null;
                }
                pendingMinus = false;
                lastWordOpen = false;
                i += Character.charCount(cp);
            } else if (cp == '-' && phrase == null && (i == 0 || !isWordChar(s.codePointBefore(i)))) {
                pendingMinus = true;
                lastWordOpen = false;
                i++;
            } else if (isWordChar(cp)) {
                int end = wordEnd(s, i);
                String word = s.substring(i, end);
                i = end;
                lastWordOpen = i == n;
                if (terms >= maxTerms) {
                    truncated = true;
                    continue;
                }
                if (phrase != null) {
                    phrase.add(word);
                    terms++;
                } else if (!pendingMinus && word.equalsIgnoreCase("or")) {
                    tokens.add(new Token(Kind.OR, List.of("or")));
                } else {
                    tokens.add(new Token(pendingMinus ? Kind.NOT_WORD : Kind.WORD, List.of(word)));
                    terms++;
                }
                pendingMinus = false;
            } else {
                pendingMinus = false;
                lastWordOpen = false;
                i += Character.charCount(cp);
            }
        }
        boolean endedInPhrase = phrase != null;
        if (phrase != null) {
            closePhrase(tokens, phrase, phraseNegated);
        }
        String prefixWord = null;
        boolean prefixOr = false;
        if (prefix && lastWordOpen && !endedInPhrase && !tokens.isEmpty()
                && tokens.get(tokens.size() - 1).kind() == Kind.WORD) {
            String stripped = lettersAndDigits(tokens.get(tokens.size() - 1).words().get(0));
            if (!stripped.isEmpty()) {
                prefixWord = stripped;
                tokens.remove(tokens.size() - 1);
                if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() == Kind.OR) {
                    tokens.remove(tokens.size() - 1);
                    prefixOr = hasTerm(tokens);
                }
            }
        }
        return new ParsedInput(List.copyOf(tokens), prefixWord, prefixOr, truncated);
    }

    private static boolean hasTerm(List<Token> tokens) {
        return tokens.stream().anyMatch(t -> t.kind() != Kind.OR);
    }

    private static void closePhrase(List<Token> tokens, List<String> phrase, boolean negated) {
        if (phrase.isEmpty()) {
            return;
        }
        if (phrase.size() == 1) {
            tokens.add(new Token(negated ? Kind.NOT_WORD : Kind.WORD, List.copyOf(phrase)));
        } else {
            tokens.add(new Token(negated ? Kind.NOT_PHRASE : Kind.PHRASE, List.copyOf(phrase)));
        }
    }

    private static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(' ');
            } else if (Character.isSurrogate(c)) {
                // keep well-formed pairs, drop lone halves (they cannot be sent as UTF-8)
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b.append(c).append(s.charAt(i + 1));
                    i++;
                } else {
                    b.append(' ');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Letters, digits and combining marks make words. */
    static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isJoiner(int cp) {
        return cp == '-' || cp == '_' || cp == '.' || cp == '\'' || cp == '@';
    }

    private static int wordEnd(String s, int start) {
        int i = start;
        int n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            if (isWordChar(cp)) {
                i += Character.charCount(cp);
            } else if (isJoiner(cp) && i + 1 < n && isWordChar(s.codePointAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static String lettersAndDigits(String word) {
        StringBuilder b = new StringBuilder();
        word.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
        return b.toString();
    }
}
