package dev.justpg.diagnostics;

import dev.justpg.diagnostics.internal.Props;
import dev.justpg.diagnostics.internal.QueryDraft;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A query plan read from {@code EXPLAIN} output in any format: the tree of {@link PlanNode}s
 * and what PostgreSQL reports for the whole statement (planning and execution time, triggers,
 * JIT, changed settings, planning buffers).
 *
 * <p>Immutable and safe to share between threads. Get one from {@link PlanParser#parse(String)}
 * or {@link Explainer#explain(String, Object...)}.
 */
public final class Plan {

    private final PlanFormat format;
    private final PlanNode root;
    private final List<PlanNode> nodes;
    private final Props planning;
    private final OptionalDouble planningTime;
    private final OptionalDouble executionTime;
    private final List<TriggerStats> triggers;
    private final Optional<JitStats> jit;
    private final Map<String, String> settings;
    private final OptionalLong queryIdentifier;
    private final Map<String, Object> extras;
    private volatile PlanMetrics metrics;

    Plan(QueryDraft draft, PlanFormat format) {
        this.format = format;
        TopLevel.inferRelationships(draft.root);
        List<PlanNode> all = new ArrayList<>();
        this.root = new PlanNode(draft.root, null, 0, all);
        this.nodes = Collections.unmodifiableList(all);
        Map<String, Object> top = new LinkedHashMap<>(draft.top);
        Object p = top.remove("Planning");
        this.planning = p instanceof Props ? (Props) p : TopLevel.props(p);
        this.planningTime = TopLevel.number(top.remove("Planning Time"));
        OptionalDouble exec = TopLevel.number(top.remove("Execution Time"));
        Object runtime = top.remove("Total Runtime");
        this.executionTime = exec.isPresent() ? exec : TopLevel.number(runtime);
        this.triggers = TopLevel.triggers(top.remove("Triggers"));
        this.jit = TopLevel.jit(top.remove("JIT"));
        this.settings = TopLevel.settings(top.remove("Settings"));
        Object q = top.remove("Query Identifier");
        this.queryIdentifier = TopLevel.longValue(q);
        this.extras = Collections.unmodifiableMap(top);
    }

    Props planningProps() {
        return planning;
    }

    /**
     * The format the plan was read from.
     *
     * @return the format
     */
    public PlanFormat format() {
        return format;
    }

    /**
     * The root node.
     *
     * @return the root
     */
    public PlanNode root() {
        return root;
    }

    /**
     * Every node, depth first from the root; a node's index is its {@link PlanNode#id()}.
     *
     * @return the nodes, unmodifiable
     */
    public List<PlanNode> nodes() {
        return nodes;
    }

    /**
     * The node with this id.
     *
     * @param id the id
     * @return the node
     * @throws IndexOutOfBoundsException when there is no such node
     */
    public PlanNode node(int id) {
        return nodes.get(id);
    }

    /**
     * Whether the plan carries {@code ANALYZE} figures (times or rows actually measured).
     *
     * @return true for {@code EXPLAIN ANALYZE} output
     */
    public boolean analyzed() {
        return root.hasActuals();
    }

    /**
     * Time the planner took.
     *
     * @return milliseconds, empty when not reported
     */
    public OptionalDouble planningTime() {
        return planningTime;
    }

    /**
     * Time the execution took ({@code Execution Time}, or {@code Total runtime} before PostgreSQL
     * 9.4).
     *
     * @return milliseconds, empty without ANALYZE
     */
    public OptionalDouble executionTime() {
        return executionTime;
    }

    /**
     * Buffers the planner used ({@code Planning:} section, PostgreSQL 13+ with BUFFERS).
     *
     * @return the counters, empty when not reported
     */
    public Optional<Buffers> planningBuffers() {
        return PropsView.buffers(planning);
    }

    /**
     * Time triggers (and foreign-key checks) took.
     *
     * @return the triggers that ran
     */
    public List<TriggerStats> triggers() {
        return triggers;
    }

    /**
     * JIT compilation done for the query.
     *
     * @return the figures, empty when no JIT happened
     */
    public Optional<JitStats> jit() {
        return jit;
    }

    /**
     * Planner settings that differ from the defaults ({@code EXPLAIN (SETTINGS)}).
     *
     * @return name to value, in output order
     */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * The query identifier ({@code compute_query_id}, VERBOSE output).
     *
     * @return the identifier as pg_stat_statements shows it
     */
    public OptionalLong queryIdentifier() {
        return queryIdentifier;
    }

    /**
     * Statement-level properties justpg does not type, verbatim.
     *
     * @return name to value, in input order
     */
    public Map<String, Object> extras() {
        return extras;
    }

    /**
     * Derived figures: total and exclusive time per node, rows times loops, estimate errors.
     * Computed on first use.
     *
     * @return the metrics
     */
    public PlanMetrics metrics() {
        PlanMetrics m = metrics;
        if (m == null) {
            m = PlanMetrics.of(this);
            metrics = m;
        }
        return m;
    }

    /**
     * The plan in PostgreSQL's {@code FORMAT JSON} layout and key names, whatever format it was
     * read from. Values that TEXT output leaves out stay out.
     *
     * @return a JSON array with one query object
     */
    public String toJson() {
        return PlanJsonWriter.write(this);
    }

    @Override
    public String toString() {
        return "Plan[" + nodes.size() + " nodes, root " + root.describe() + "]";
    }

    /** Builds a plan from a draft; used by the parser. */
    static Plan of(QueryDraft draft, PlanFormat format) {
        return new Plan(draft, format);
    }
}
