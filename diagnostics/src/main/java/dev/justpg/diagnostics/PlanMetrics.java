package dev.justpg.diagnostics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derived figures for every node of a plan: time over all loops, time of the node alone
 * (exclusive), rows over all loops, estimate errors, I/O time and throughput.
 *
 * <p>The rules, from how PostgreSQL measures:
 * <ul>
 *   <li>A node's actual time is an average per loop, so its total is time &times; loops.</li>
 *   <li>Under a Gather, time and loops are summed over the processes (workers launched plus the
 *       leader, unless it did not participate), so the wall-clock share is time &times; loops /
 *       processes; such figures are {@link NodeMetrics.Accuracy#ESTIMATED}.</li>
 *   <li>A node's time includes its children and the SubPlans in its expressions.</li>
 *   <li>An InitPlan runs once, inside whichever node first needs its value: the node it is
 *       attached to or a descendant that references its parameter; its time is taken off that
 *       node only, never twice.</li>
 *   <li>A CTE runs inside the CTE Scans that read it; with one scan its time is taken off that
 *       scan, with several it is split in plan order and the scans' times are estimated. A scan
 *       gives up at most its own time; what the CTE took beyond that (a Gather in it shutting its
 *       workers down after the last row was read) is taken off the node the CTE is attached to,
 *       so the CTE is never counted twice.</li>
 *   <li>Never-executed nodes took no time.</li>
 *   <li>When children report more time than their parent beyond rounding (per-loop times
 *       rounded to 0.001 ms over thousands of loops; parallel workers that ran while the leader
 *       was busy elsewhere), the parent's own time is taken as 0 and the own times below it are
 *       scaled down to fit in the parent's time, marked {@link NodeMetrics.Accuracy#ESTIMATED}:
 *       the own times of a plan add up to its total, never to more.</li>
 * </ul>
 */
public final class PlanMetrics {

    private static final Pattern RETURNS = Pattern.compile("\\(returns ([^)]*)\\)");

    private final Plan plan;
    private final List<NodeMetrics> metrics;
    private final OptionalDouble totalTimeMs;

    private PlanMetrics(Plan plan, List<NodeMetrics> metrics, OptionalDouble totalTimeMs) {
        this.plan = plan;
        this.metrics = metrics;
        this.totalTimeMs = totalTimeMs;
    }

    /**
     * Computes the metrics of a plan (also available, cached, as {@link Plan#metrics()}).
     *
     * @param plan the plan
     * @return the metrics
     */
    public static PlanMetrics of(Plan plan) {
        return new Calculator(plan).run();
    }

    /**
     * The metrics of a node.
     *
     * @param node a node of this plan
     * @return its metrics
     */
    public NodeMetrics node(PlanNode node) {
        return metrics.get(node.id());
    }

    /**
     * The metrics of every node, indexed by node id.
     *
     * @return the metrics
     */
    public List<NodeMetrics> nodes() {
        return metrics;
    }

    /**
     * The statement's time: the root's total time, or the reported execution time.
     *
     * @return milliseconds, empty without ANALYZE timing
     */
    public OptionalDouble totalTimeMs() {
        return totalTimeMs;
    }

    /**
     * The nodes that took the most time of their own (or, without ANALYZE, the most estimated
     * cost of their own), most first.
     *
     * @param limit how many
     * @return up to {@code limit} nodes
     */
    public List<PlanNode> hottest(int limit) {
        List<PlanNode> nodes = new ArrayList<>(plan.nodes());
        boolean timed = metrics.stream().anyMatch(m -> m.exclusiveTimeMs().isPresent());
        Comparator<PlanNode> by = Comparator.comparingDouble(n -> {
            NodeMetrics m = node(n);
            return timed ? m.exclusiveTimeMs().orElse(-1) : m.exclusiveCost().orElse(-1);
        });
        nodes.sort(by.reversed());
        return Collections.unmodifiableList(nodes.subList(0, Math.min(limit, nodes.size())));
    }

    /** One pass over the plan. */
    private static final class Calculator {
        private final Plan plan;
        private final int size;
        private final int[] processes;
        private final double[] inclusive;
        private final double[] subtract;
        private final boolean[] estimated;
        private final String[] notes;
        private final double[] scale;
        private final boolean[] squeezed;

        Calculator(Plan plan) {
            this.plan = plan;
            this.size = plan.nodes().size();
            this.processes = new int[size];
            this.inclusive = new double[size];
            this.subtract = new double[size];
            this.estimated = new boolean[size];
            this.notes = new String[size];
            this.scale = new double[size];
            this.squeezed = new boolean[size];
            java.util.Arrays.fill(scale, 1);
        }

        PlanMetrics run() {
            assignProcesses(plan.root(), 1);
            for (PlanNode n : plan.nodes()) {
                inclusive[n.id()] = inclusive(n);
            }
            for (PlanNode n : plan.nodes()) {
                distribute(n);
            }
            for (PlanNode n : plan.nodes()) {
                squeeze(n);
            }
            double total = inclusive[0];
            OptionalDouble totalTime = !Double.isNaN(total) ? OptionalDouble.of(total) : plan.executionTime();
            List<NodeMetrics> out = new ArrayList<>(size);
            for (PlanNode n : plan.nodes()) {
                out.add(metrics(n, totalTime));
            }
            return new PlanMetrics(plan, Collections.unmodifiableList(out), totalTime);
        }

        private void assignProcesses(PlanNode n, int inherited) {
            processes[n.id()] = inherited;
            int forChildren = inherited;
            String type = n.nodeType();
            if (type.equals("Gather") || type.equals("Gather Merge")) {
                long launched = n.workersLaunched().orElse(n.workersPlanned().orElse(0));
                boolean singleCopy = Boolean.TRUE.equals(n.property("Single Copy").orElse(false));
                forChildren = singleCopy ? 1 : (int) launched + 1;
                Optional<PlanNode> outer = n.children().stream()
                        .filter(c -> c.relationship() == NodeRelationship.OUTER).findFirst();
                if (!singleCopy && launched > 0 && outer.isPresent()
                        && outer.get().actualLoops().orElse(-1) == launched) {
                    forChildren = (int) launched;
                }
            }
            for (PlanNode c : n.children()) {
                boolean own = c.relationship() == NodeRelationship.INIT_PLAN;
                assignProcesses(c, own ? inherited : forChildren);
            }
        }

        private double inclusive(PlanNode n) {
            if (n.neverExecuted()) {
                return 0;
            }
            if (n.actualTotalTime().isEmpty() || n.actualLoops().isEmpty()) {
                return Double.NaN;
            }
            return n.actualTotalTime().getAsDouble() * n.actualLoops().getAsDouble() / processes[n.id()];
        }

        /** Decides which node each child's time is taken from. */
        private void distribute(PlanNode n) {
            for (PlanNode c : n.children()) {
                double t = inclusive[c.id()];
                if (c.relationship() != NodeRelationship.INIT_PLAN) {
                    subtract[n.id()] += t;
                } else if (c.isCte()) {
                    distributeCte(n, c, t);
                } else {
                    PlanNode evaluator = initPlanEvaluator(n, c);
                    subtract[evaluator.id()] += t;
                }
            }
        }

        private void distributeCte(PlanNode owner, PlanNode cte, double t) {
            String name = cte.subplanName().orElse("CTE ").substring(4);
            String bare = name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
                    ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
            List<PlanNode> scans = new ArrayList<>();
            for (PlanNode d : owner.subtree()) {
                if (d.nodeType().equals("CTE Scan") && d.cteName().map(bare::equals).orElse(false)
                        && !isInside(d, cte)) {
                    scans.add(d);
                }
            }
            if (scans.isEmpty()) {
                subtract[owner.id()] += t;
                return;
            }
            double remaining = t;
            for (PlanNode s : scans) {
                double room = Math.max(0, inclusive[s.id()] - subtract[s.id()]);
                double take = Double.isNaN(remaining) || Double.isNaN(room) ? remaining : Math.min(remaining, room);
                subtract[s.id()] += take;
                remaining -= take;
                if (scans.size() > 1) {
                    estimated[s.id()] = true;
                    notes[s.id()] = String.format(Locale.ROOT, "CTE %s is read by %d scans; the time it took to"
                            + " compute is split between them in plan order, so this scan's own time is estimated",
                            bare, scans.size());
                }
            }
            if (!Double.isNaN(remaining) && remaining > 0) {
                // time the CTE spent outside its scans (a Gather inside it shutting its workers down at
                // the end) is inside the node the CTE is attached to, not inside any scan
                subtract[owner.id()] += remaining;
            }
        }

        private static boolean isInside(PlanNode node, PlanNode ancestor) {
            for (Optional<PlanNode> p = Optional.of(node); p.isPresent(); p = p.get().parent()) {
                if (p.get() == ancestor) {
                    return true;
                }
            }
            return false;
        }

        /** The node whose expressions first use the InitPlan's value: a descendant, or the owner. */
        private PlanNode initPlanEvaluator(PlanNode owner, PlanNode init) {
            List<Pattern> refs = new ArrayList<>();
            String name = init.subplanName().orElse("");
            Matcher m = RETURNS.matcher(name);
            if (m.find()) {
                for (String param : m.group(1).split(",")) {
                    String p = param.strip();
                    if (!p.isEmpty()) {
                        refs.add(Pattern.compile(Pattern.quote(p) + "(?!\\d)"));
                    }
                }
            } else if (name.matches("InitPlan \\d+")) {
                refs.add(Pattern.compile(Pattern.quote("(" + name + ")")));
            }
            if (refs.isEmpty() || references(owner, refs)) {
                return owner;
            }
            for (PlanNode d : owner.subtree()) {
                if (d != owner && !isInside(d, init) && references(d, refs)) {
                    return d;
                }
            }
            return owner;
        }

        private static boolean references(PlanNode n, List<Pattern> refs) {
            StringBuilder sb = new StringBuilder();
            for (Optional<String> s : List.of(n.filter(), n.joinFilter(), n.indexCond(), n.recheckCond(),
                    n.hashCond(), n.mergeCond(), n.tidCond(), n.oneTimeFilter(), n.orderBy(), n.cacheKey())) {
                s.ifPresent(v -> sb.append(v).append('\n'));
            }
            n.output().forEach(v -> sb.append(v).append('\n'));
            n.sortKey().forEach(v -> sb.append(v).append('\n'));
            n.groupKey().forEach(v -> sb.append(v).append('\n'));
            n.extras().values().forEach(v -> sb.append(v).append('\n'));
            for (Pattern p : refs) {
                if (p.matcher(sb).find()) {
                    return true;
                }
            }
            return false;
        }

        /** Scales the subtree's own times down when the children report more than the node. */
        private void squeeze(PlanNode n) {
            int id = n.id();
            if (Double.isNaN(inclusive[id]) || Double.isNaN(subtract[id]) || subtract[id] <= 0 || n.neverExecuted()
                    || inclusive[id] - subtract[id] >= -(0.002 + 0.001 * inclusive[id])) {
                return;
            }
            squeezed[id] = true;
            double s = Math.max(0, inclusive[id]) / subtract[id];
            for (PlanNode d : n.subtree()) {
                if (d != n) {
                    scale[d.id()] *= s;
                }
            }
        }

        private NodeMetrics metrics(PlanNode n, OptionalDouble totalTime) {
            int id = n.id();
            double incl = inclusive[id];
            OptionalDouble inclusiveTime = Double.isNaN(incl) ? OptionalDouble.empty() : OptionalDouble.of(incl);
            OptionalDouble exclusiveTime = OptionalDouble.empty();
            NodeMetrics.Accuracy accuracy = NodeMetrics.Accuracy.UNKNOWN;
            String note = notes[id];
            if (!plan.analyzed()) {
                note = "the plan was not executed (EXPLAIN without ANALYZE): there are no times";
            } else if (n.neverExecuted()) {
                exclusiveTime = OptionalDouble.of(0);
                accuracy = NodeMetrics.Accuracy.MEASURED;
                note = "never executed";
            } else if (Double.isNaN(incl)) {
                note = "timing was off (EXPLAIN (ANALYZE, TIMING OFF)): only rows were measured";
            } else if (Double.isNaN(subtract[id])) {
                note = "a child's time is unknown, so this node's own time cannot be computed";
            } else if (squeezed[id]) {
                exclusiveTime = OptionalDouble.of(0);
                accuracy = NodeMetrics.Accuracy.ESTIMATED;
                note = String.format(Locale.ROOT, "its inputs report %.3f ms more than the node itself (%s):"
                        + " their own times are scaled down to fit in this node's time, and its own time is taken"
                        + " as 0", subtract[id] - incl, processes[id] > 1 || hasParallelChild(n)
                                ? "parallel workers run while the leader does other work, and their figures are averages"
                                : "per-loop times are rounded");
            } else {
                double ex = Math.max(0, incl - subtract[id]) * scale[id];
                exclusiveTime = OptionalDouble.of(ex);
                boolean est = estimated[id] || processes[id] > 1 || hasParallelChild(n) || scale[id] < 1;
                accuracy = est ? NodeMetrics.Accuracy.ESTIMATED : NodeMetrics.Accuracy.MEASURED;
                if (note == null && scale[id] < 1) {
                    note = String.format(Locale.ROOT, "scaled to %.0f%% of its measured own time so the nodes above"
                            + " it are not exceeded", 100 * scale[id]);
                } else if (note == null && processes[id] > 1) {
                    note = "runs in " + processes[id] + " parallel processes: times are per-process averages";
                }
            }
            OptionalDouble loops = n.actualLoops();
            OptionalDouble totalRows = n.actualRows().isPresent() && loops.isPresent()
                    ? OptionalDouble.of(n.actualRows().getAsDouble() * loops.getAsDouble()) : OptionalDouble.empty();
            double removed = n.rowsRemovedByFilter().orElse(0) + n.rowsRemovedByJoinFilter().orElse(0)
                    + n.rowsRemovedByIndexRecheck().orElse(0);
            OptionalDouble totalRemoved = loops.isPresent() ? OptionalDouble.of(removed * loops.getAsDouble())
                    : OptionalDouble.empty();
            Optional<EstimateError> estimate = n.planRows().isPresent() && n.actualRows().isPresent()
                    && loops.orElse(0) > 0
                    ? Optional.of(EstimateError.of(n.planRows().getAsDouble(), n.actualRows().getAsDouble()))
                    : Optional.empty();
            OptionalDouble exclusiveCost = OptionalDouble.empty();
            if (n.totalCost().isPresent()) {
                double cost = n.totalCost().getAsDouble();
                for (PlanNode c : n.children()) {
                    if (c.relationship() != NodeRelationship.INIT_PLAN) {
                        cost -= c.totalCost().orElse(0);
                    }
                }
                exclusiveCost = OptionalDouble.of(Math.max(0, cost));
            }
            OptionalDouble percent = exclusiveTime.isPresent() && totalTime.isPresent() && totalTime.getAsDouble() > 0
                    ? OptionalDouble.of(100 * exclusiveTime.getAsDouble() / totalTime.getAsDouble())
                    : OptionalDouble.empty();
            Optional<IoTimings> io = n.ioTimings();
            OptionalDouble ioRead = io.isPresent() ? OptionalDouble.of(io.get().totalRead()) : OptionalDouble.empty();
            OptionalDouble ioWrite = io.isPresent() ? OptionalDouble.of(io.get().totalWrite()) : OptionalDouble.empty();
            OptionalDouble exRead = OptionalDouble.empty();
            OptionalDouble exWrite = OptionalDouble.empty();
            if (io.isPresent()) {
                double r = io.get().totalRead();
                double w = io.get().totalWrite();
                for (PlanNode c : n.children()) {
                    if (c.relationship() != NodeRelationship.INIT_PLAN) {
                        r -= c.ioTimings().map(IoTimings::totalRead).orElse(0.0);
                        w -= c.ioTimings().map(IoTimings::totalWrite).orElse(0.0);
                    }
                }
                exRead = OptionalDouble.of(Math.max(0, round3(r)));
                exWrite = OptionalDouble.of(Math.max(0, round3(w)));
            }
            Optional<Buffers> b = n.buffers();
            OptionalDouble readSpeed = io.isPresent() && b.isPresent() && io.get().totalRead() > 0
                    ? OptionalDouble.of(b.get().totalRead() / (io.get().totalRead() / 1000)) : OptionalDouble.empty();
            OptionalDouble writeSpeed = io.isPresent() && b.isPresent() && io.get().totalWrite() > 0
                    ? OptionalDouble.of(b.get().totalWritten() / (io.get().totalWrite() / 1000)) : OptionalDouble.empty();
            return new NodeMetrics(id, inclusiveTime, exclusiveTime, accuracy, Optional.ofNullable(note), processes[id],
                    totalRows, totalRemoved, estimate, exclusiveCost, percent, ioRead, ioWrite, exRead, exWrite,
                    readSpeed, writeSpeed);
        }

        private boolean hasParallelChild(PlanNode n) {
            for (PlanNode c : n.children()) {
                if (processes[c.id()] > 1) {
                    return true;
                }
            }
            return false;
        }

        private static double round3(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }
}
