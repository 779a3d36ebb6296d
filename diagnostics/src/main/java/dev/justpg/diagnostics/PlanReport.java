package dev.justpg.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A plan explained for people: the plain-words reading ({@link #text()}) and a self-contained
 * HTML page ({@link #html()}) with the plan tree, the hot nodes and the findings.
 *
 * <pre>{@code
 * PlanReport report = PlanReport.of(plan);
 * System.out.println(report.text());
 * Files.writeString(Path.of("plan.html"), report.html());
 * }</pre>
 *
 * <p>Immutable; the HTML has no scripts and loads nothing.
 */
public final class PlanReport {

    /** Default {@link Builder#hotNodes(int)}: the five nodes with the most time of their own. */
    public static final int DEFAULT_HOT_NODES = 5;
    /** Default {@link Builder#title(String)}. */
    public static final String DEFAULT_TITLE = "Query plan";

    private final Plan plan;
    private final List<Finding> findings;
    private final String title;
    private final int hotNodes;

    private PlanReport(Builder b) {
        this.plan = b.plan;
        this.findings = b.findings == null ? PlanAdvisor.defaults().findings(b.plan) : List.copyOf(b.findings);
        this.title = b.title;
        this.hotNodes = b.hotNodes;
    }

    /**
     * A report with the default advisor's findings.
     *
     * @param plan the plan
     * @return the report
     */
    public static PlanReport of(Plan plan) {
        return builder(plan).build();
    }

    /**
     * A builder for a report with other findings or title.
     *
     * @param plan the plan
     * @return the builder
     */
    public static Builder builder(Plan plan) {
        return new Builder(Objects.requireNonNull(plan, "plan must not be null"));
    }

    /**
     * The plan.
     *
     * @return the plan
     */
    public Plan plan() {
        return plan;
    }

    /**
     * The findings shown.
     *
     * @return the findings, most severe first
     */
    public List<Finding> findings() {
        return findings;
    }

    /**
     * The nodes with the most time (or, without ANALYZE, estimated cost) of their own.
     *
     * @return up to {@link Builder#hotNodes(int)} nodes
     */
    public List<PlanNode> hotNodes() {
        return plan.metrics().hottest(hotNodes);
    }

    /**
     * The plain-words reading: a summary, each step in the order the rows flow, the findings.
     *
     * @return text lines separated by {@code \n}
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n').append(Narrator.summary(plan)).append("\n\nStep by step:\n");
        int i = 1;
        for (String step : Narrator.steps(plan)) {
            sb.append(i++).append(". ").append(step).append('\n');
        }
        sb.append('\n');
        if (findings.isEmpty()) {
            sb.append("No findings: nothing in this plan stands out.\n");
        } else {
            sb.append("Findings:\n");
            for (Finding f : findings) {
                sb.append("- [").append(f.severity()).append("] ").append(f.title()).append('\n')
                        .append("  ").append(f.explanation()).append('\n')
                        .append("  What to do: ").append(f.action()).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The report as one HTML page with inline styles.
     *
     * @return the HTML document
     */
    public String html() {
        List<String> steps = new ArrayList<>(Narrator.steps(plan));
        return HtmlRenderer.render(plan, findings, hotNodes(), title, Narrator.summary(plan), steps);
    }

    /** Builds a {@link PlanReport}. */
    public static final class Builder {
        private final Plan plan;
        private List<Finding> findings;
        private String title = DEFAULT_TITLE;
        private int hotNodes = DEFAULT_HOT_NODES;

        private Builder(Plan plan) {
            this.plan = plan;
        }

        /**
         * The findings to show (default: {@link PlanAdvisor#defaults()}'s).
         *
         * @param findings the findings
         * @return this builder
         */
        public Builder findings(List<Finding> findings) {
            this.findings = Objects.requireNonNull(findings, "findings must not be null");
            return this;
        }

        /**
         * The title (default {@link #DEFAULT_TITLE}).
         *
         * @param title the title
         * @return this builder
         */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /**
         * How many hot nodes to list (default {@link #DEFAULT_HOT_NODES}).
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder hotNodes(int count) {
            this.hotNodes = count;
            return this;
        }

        /**
         * Builds the report.
         *
         * @return the report
         * @throws IllegalArgumentException when the title is blank or hotNodes below 1
         */
        public PlanReport build() {
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("title must not be blank");
            }
            if (hotNodes < 1) {
                throw new IllegalArgumentException("hotNodes must be at least 1, was " + hotNodes);
            }
            return new PlanReport(this);
        }
    }
}
