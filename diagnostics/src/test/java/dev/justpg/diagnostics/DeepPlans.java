package dev.justpg.diagnostics;

/** Plans of one Result node per level, in each format. */
final class DeepPlans {

    private DeepPlans() {
    }

    static String text(int levels) {
        StringBuilder sb = new StringBuilder("Result  (cost=0.00..0.01 rows=1 width=4)\n");
        for (int i = 1; i < levels; i++) {
            sb.append(" ".repeat(2 + 6 * (i - 1))).append("->  Result  (cost=0.00..0.01 rows=1 width=4)\n");
        }
        return sb.toString();
    }

    static String json(int levels) {
        StringBuilder sb = new StringBuilder("[{\"Plan\": ");
        for (int i = 0; i < levels; i++) {
            sb.append("{\"Node Type\": \"Result\"");
            if (i < levels - 1) {
                sb.append(", \"Plans\": [");
            }
        }
        for (int i = 0; i < levels; i++) {
            sb.append('}');
            if (i < levels - 1) {
                sb.append(']');
            }
        }
        return sb.append("}]").toString();
    }

    static String yaml(int levels) {
        StringBuilder sb = new StringBuilder("- Plan:\n    Node Type: \"Result\"\n");
        String ind = "    ";
        for (int i = 1; i < levels; i++) {
            sb.append(ind).append("Plans:\n").append(ind).append("  - Node Type: \"Result\"\n");
            ind = ind + "    ";
        }
        return sb.toString();
    }

    static String xml(int levels) {
        StringBuilder sb = new StringBuilder("<explain xmlns=\"http://www.postgresql.org/2009/explain\"><Query><Plan>");
        for (int i = 0; i < levels; i++) {
            sb.append("<Node-Type>Result</Node-Type>");
            if (i < levels - 1) {
                sb.append("<Plans><Plan>");
            }
        }
        for (int i = 0; i < levels - 1; i++) {
            sb.append("</Plan></Plans>");
        }
        return sb.append("</Plan></Query></explain>").toString();
    }
}
