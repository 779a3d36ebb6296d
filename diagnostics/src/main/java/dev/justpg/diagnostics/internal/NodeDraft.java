package dev.justpg.diagnostics.internal;

import java.util.ArrayList;
import java.util.List;

/** One plan node as a parser reads it: its properties, children and per-worker properties. */
public final class NodeDraft {

    /** The node's own properties. */
    public final Props props = new Props();
    /** Child nodes in output order (outer, inner, members, init plans, subplans). */
    public final List<NodeDraft> children = new ArrayList<>(2);
    /** Per-worker properties, in worker order. */
    public final List<Props> workers = new ArrayList<>(0);

    /**
     * The worker with this number, created on first use.
     *
     * @param number the worker number
     * @return its properties
     */
    public Props worker(int number) {
        for (Props w : workers) {
            if (w.num(NodeKey.WORKER_NUMBER) == number) {
                return w;
            }
        }
        Props w = new Props();
        w.setNum(NodeKey.WORKER_NUMBER, number);
        workers.add(w);
        return w;
    }
}
