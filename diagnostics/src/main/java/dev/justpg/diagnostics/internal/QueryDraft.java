package dev.justpg.diagnostics.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** One query's plan as a parser reads it: the root node and the query-level properties. */
public final class QueryDraft {

    /** The root plan node. */
    public NodeDraft root;
    /**
     * Query-level properties under their JSON names ("Planning Time", "Triggers", "JIT",
     * "Settings", "Planning", ...): String, Number, Boolean, List or Map values.
     */
    public final Map<String, Object> top = new LinkedHashMap<>();
}
