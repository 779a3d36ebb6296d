package dev.justpg.diagnostics;

/** The TEXT-format names of nodes, rebuilt from the JSON properties. */
final class NodeNames {

    private NodeNames() {
    }

    static String display(PlanNode n) {
        StringBuilder sb = new StringBuilder();
        if (n.parallelAware()) {
            sb.append("Parallel ");
        }
        if (n.asyncCapable()) {
            sb.append("Async ");
        }
        String type = n.nodeType();
        String join = n.joinType().orElse("Inner");
        switch (type) {
            case "Aggregate": {
                String mode = n.partialMode().orElse("Simple");
                if (!mode.equals("Simple")) {
                    sb.append(mode).append(' ');
                }
                String s = n.strategy().orElse("Plain");
                sb.append(s.equals("Sorted") ? "GroupAggregate" : s.equals("Hashed") ? "HashAggregate"
                        : s.equals("Mixed") ? "MixedAggregate" : "Aggregate");
                break;
            }
            case "SetOp":
                sb.append("Hashed".equals(n.strategy().orElse("")) ? "HashSetOp" : "SetOp");
                n.command().ifPresent(c -> sb.append(' ').append(c));
                break;
            case "Nested Loop":
                sb.append("Nested Loop");
                if (!join.equals("Inner")) {
                    sb.append(' ').append(join).append(" Join");
                }
                break;
            case "Hash Join":
            case "Merge Join":
                sb.append(type, 0, type.length() - 5);
                sb.append(join.equals("Inner") ? " Join" : " " + join + " Join");
                break;
            case "ModifyTable":
                sb.append(n.operation().orElse("ModifyTable"));
                break;
            case "Foreign Scan": {
                String op = n.operation().orElse("Select");
                sb.append(op.equals("Select") ? "Foreign Scan" : "Foreign " + op);
                break;
            }
            case "Custom Scan":
                sb.append("Custom Scan");
                n.customPlanProvider().ifPresent(p -> sb.append(" (").append(p).append(')'));
                break;
            default:
                sb.append(type);
                if ((type.equals("Index Scan") || type.equals("Index Only Scan"))
                        && n.scanDirection().orElse("").equals("Backward")) {
                    sb.append(" Backward");
                }
                break;
        }
        return sb.toString();
    }

    static String describe(PlanNode n) {
        StringBuilder sb = new StringBuilder(display(n));
        String type = n.nodeType();
        if (type.equals("Bitmap Index Scan")) {
            n.indexName().ifPresent(i -> sb.append(" on ").append(i));
            return sb.toString();
        }
        n.indexName().ifPresent(i -> sb.append(" using ").append(i));
        String object = n.relationName().or(n::functionName).or(n::cteName)
                .or(() -> n.property("Table Function Name").map(String::valueOf))
                .or(() -> n.property("Tuplestore Name").map(String::valueOf)).orElse(null);
        String alias = n.alias().orElse(null);
        if (object != null) {
            sb.append(" on ");
            n.schema().ifPresent(s -> sb.append(s).append('.'));
            sb.append(object);
            if (alias != null && !alias.equals(object)) {
                sb.append(' ').append(alias);
            }
        } else if (alias != null) {
            sb.append(" on ").append(alias);
        }
        return sb.toString();
    }
}
