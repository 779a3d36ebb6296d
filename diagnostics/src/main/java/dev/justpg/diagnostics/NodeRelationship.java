package dev.justpg.diagnostics;

/** How a plan node hangs under its parent ({@code "Parent Relationship"} in JSON). */
public enum NodeRelationship {
    /** The root node. */
    ROOT,
    /** The outer (first, driving) input of a join or the only input of most nodes. */
    OUTER,
    /** The inner (second) input of a join. */
    INNER,
    /** One input of an Append, Merge Append, BitmapAnd or BitmapOr. */
    MEMBER,
    /** The input of a Subquery Scan. */
    SUBQUERY,
    /** An InitPlan or a CTE: run once, its result used by the parent or its descendants. */
    INIT_PLAN,
    /** A SubPlan: run by the parent's expressions, possibly once per row. */
    SUBPLAN,
    /** A child of a Custom Scan. */
    CHILD,
    /** A relationship this version of justpg does not know. */
    OTHER;

    static NodeRelationship of(String json) {
        if (json == null) {
            return OTHER;
        }
        switch (json) {
            case "Outer":
                return OUTER;
            case "Inner":
                return INNER;
            case "Member":
                return MEMBER;
            case "Subquery":
                return SUBQUERY;
            case "InitPlan":
                return INIT_PLAN;
            case "SubPlan":
                return SUBPLAN;
            case "child":
            case "children":
                return CHILD;
            default:
                return OTHER;
        }
    }
}
