package dev.justpg.diagnostics;

import dev.justpg.diagnostics.internal.NodeKey;
import dev.justpg.diagnostics.internal.Props;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One parallel worker's share of a node ({@code EXPLAIN (ANALYZE, VERBOSE)} prints them; sort
 * and hash details appear without VERBOSE too). Times and rows are per loop, as for the node.
 */
public final class WorkerStats {

    private final Props props;

    WorkerStats(Props props) {
        this.props = props;
    }

    Props props() {
        return props;
    }

    /**
     * The worker number.
     *
     * @return 0 for the first worker; -1 when the input did not say
     */
    public int workerNumber() {
        double d = props.num(NodeKey.WORKER_NUMBER);
        return Double.isNaN(d) ? -1 : (int) d;
    }

    /**
     * Time to the first row, per loop.
     *
     * @return milliseconds
     */
    public OptionalDouble actualStartupTime() {
        return PropsView.num(props, NodeKey.ACTUAL_STARTUP_TIME);
    }

    /**
     * Time to the last row, per loop.
     *
     * @return milliseconds
     */
    public OptionalDouble actualTotalTime() {
        return PropsView.num(props, NodeKey.ACTUAL_TOTAL_TIME);
    }

    /**
     * Rows per loop.
     *
     * @return rows
     */
    public OptionalDouble actualRows() {
        return PropsView.num(props, NodeKey.ACTUAL_ROWS);
    }

    /**
     * Loops this worker ran.
     *
     * @return loops
     */
    public OptionalDouble actualLoops() {
        return PropsView.num(props, NodeKey.ACTUAL_LOOPS);
    }

    /**
     * The worker's sort method.
     *
     * @return for example {@code external merge}
     */
    public Optional<String> sortMethod() {
        return PropsView.text(props, NodeKey.SORT_METHOD);
    }

    /**
     * The worker's buffer usage.
     *
     * @return the counters
     */
    public Optional<Buffers> buffers() {
        return PropsView.buffers(props);
    }

    /**
     * Any property by its JSON name.
     *
     * @param jsonName for example {@code "Sort Space Used"}
     * @return the value (Double, String, Boolean, List or Map)
     */
    public Optional<Object> property(String jsonName) {
        return PropsView.property(props, jsonName);
    }

    /**
     * The properties justpg does not type, verbatim.
     *
     * @return name to value, in input order
     */
    public Map<String, Object> extras() {
        return props.extras();
    }

    @Override
    public String toString() {
        return "Worker " + workerNumber();
    }
}
