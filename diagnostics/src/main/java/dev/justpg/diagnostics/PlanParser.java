package dev.justpg.diagnostics;

import dev.justpg.diagnostics.internal.JsonPlanReader;
import dev.justpg.diagnostics.internal.PlanLimits;
import dev.justpg.diagnostics.internal.PlanReadException;
import dev.justpg.diagnostics.internal.QueryDraft;
import dev.justpg.diagnostics.internal.SourceText;
import dev.justpg.diagnostics.internal.TextPlanReader;
import dev.justpg.diagnostics.internal.XmlPlanReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads {@code EXPLAIN} output in TEXT, JSON, YAML or XML format into a {@link Plan}, as people
 * paste it: psql frames (ascii and unicode borders, {@code +} and {@code ↵} continuation marks,
 * {@code (N rows)}), hard-wrapped terminal lines, tabs, pgAdmin's quotes, DBeaver's columns.
 *
 * <pre>{@code
 * Plan plan = PlanParser.defaults().parse(explainOutput);
 * plan.root().describe();   // "Seq Scan on users"
 * }</pre>
 *
 * <p>Input that is not a plan is refused with a {@link PlanParseException} that says what it
 * looks like instead (an error message from psql, SQL that was not run through EXPLAIN, binary
 * data) and where. Plans deeper than {@link #MAX_PLAN_DEPTH} levels are refused in every format;
 * every plan accepted can be written back with {@link Plan#toJson()}.
 *
 * <p>Immutable and thread-safe; parsing is linear in the input size.
 */
public final class PlanParser {

    /**
     * Most node levels in a plan, the root being level 1: 500, the same for TEXT, JSON, YAML and
     * XML input and for {@link Plan#toJson()}. Real plans stay far below it; deeper input is
     * refused rather than risking the stack.
     */
    public static final int MAX_PLAN_DEPTH = PlanLimits.MAX_DEPTH;

    /** Longest input accepted by default: 64 Mi characters. */
    public static final int DEFAULT_MAX_INPUT_CHARS = 64 * 1024 * 1024;

    private static final PlanParser DEFAULTS = new Builder().build();

    private final int maxInputChars;
    private final PlanFormat format;

    private PlanParser(Builder b) {
        this.maxInputChars = b.maxInputChars;
        this.format = b.format;
    }

    /**
     * A parser with the defaults: format detected, {@link #DEFAULT_MAX_INPUT_CHARS}.
     *
     * @return the parser
     */
    public static PlanParser defaults() {
        return DEFAULTS;
    }

    /**
     * A builder for a parser with other settings.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the plan; when the input holds several (a statement rewritten by rules), the first.
     *
     * @param text the EXPLAIN output
     * @return the plan
     * @throws PlanParseException when the text is not a plan, with the line and column
     */
    public Plan parse(String text) {
        return parseAll(text).get(0);
    }

    /**
     * Parses every plan in the input (JSON, YAML and XML output can hold several).
     *
     * @param text the EXPLAIN output
     * @return the plans, at least one
     * @throws PlanParseException when the text is not a plan, with the line and column
     */
    public List<Plan> parseAll(String text) {
        Objects.requireNonNull(text, "text must not be null");
        if (text.length() > maxInputChars) {
            throw new PlanParseException("input is " + text.length() + " characters, more than maxInputChars ("
                    + maxInputChars + "); raise it with PlanParser.builder().maxInputChars(...)", 1, 1, null);
        }
        try {
            Optional<List<Plan>> fast = fastJson(text);
            if (fast.isPresent()) {
                return fast.get();
            }
            SourceText source = SourceText.clean(text);
            PlanFormat f = format != null ? format : detect(source);
            List<QueryDraft> drafts;
            switch (f) {
                case JSON:
                    drafts = JsonPlanReader.read(source, false);
                    break;
                case YAML:
                    drafts = JsonPlanReader.read(source, true);
                    break;
                case XML:
                    drafts = XmlPlanReader.read(source);
                    break;
                default:
                    drafts = List.of(TextPlanReader.read(source));
                    break;
            }
            return plans(drafts, f);
        } catch (PlanReadException e) {
            throw new PlanParseException(e.getMessage(), e.line(), e.column(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new PlanParseException("cannot read the plan: " + e, 1, 1, e);
        }
    }

    /** Unadorned JSON (an application's own EXPLAIN output) skips the clean-up pass. */
    private Optional<List<Plan>> fastJson(String text) {
        if (format != null && format != PlanFormat.JSON) {
            return Optional.empty();
        }
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length() || (text.charAt(i) != '[' && text.charAt(i) != '{')) {
            return Optional.empty();
        }
        try {
            return Optional.of(plans(JsonPlanReader.readRaw(text), PlanFormat.JSON));
        } catch (PlanReadException e) {
            return Optional.empty();
        }
    }

    private static List<Plan> plans(List<QueryDraft> drafts, PlanFormat f) {
        List<Plan> out = new ArrayList<>(drafts.size());
        for (QueryDraft d : drafts) {
            out.add(Plan.of(d, f));
        }
        return Collections.unmodifiableList(out);
    }

    private static PlanFormat detect(SourceText source) {
        for (SourceText.Line l : source.lines()) {
            String t = l.text.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("[") || t.startsWith("{")) {
                return PlanFormat.JSON;
            }
            if (t.startsWith("<")) {
                return PlanFormat.XML;
            }
            if (t.startsWith("- Plan:") || t.equals("- Plan:") || t.startsWith("Plan:")) {
                return PlanFormat.YAML;
            }
            return PlanFormat.TEXT;
        }
        throw new PlanReadException("the input is empty: expected the output of EXPLAIN", 1, 1, null);
    }

    /** Builds a {@link PlanParser}. */
    public static final class Builder {

        private int maxInputChars = DEFAULT_MAX_INPUT_CHARS;
        private PlanFormat format;

        private Builder() {
        }

        /**
         * The longest input accepted (default {@link #DEFAULT_MAX_INPUT_CHARS}).
         *
         * @param chars the limit, at least 1
         * @return this builder
         */
        public Builder maxInputChars(int chars) {
            this.maxInputChars = chars;
            return this;
        }

        /**
         * Reads every input in this format instead of detecting it (default: detect).
         *
         * @param format the format, or null to detect
         * @return this builder
         */
        public Builder format(PlanFormat format) {
            this.format = format;
            return this;
        }

        /**
         * Builds the parser.
         *
         * @return the parser
         * @throws IllegalArgumentException when maxInputChars is not positive
         */
        public PlanParser build() {
            if (maxInputChars < 1) {
                throw new IllegalArgumentException("maxInputChars must be at least 1, was " + maxInputChars);
            }
            return new PlanParser(this);
        }
    }
}
