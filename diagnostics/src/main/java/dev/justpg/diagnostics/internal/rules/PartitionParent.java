package dev.justpg.diagnostics.internal.rules;

import dev.justpg.core.Identifier;
import dev.justpg.diagnostics.IndexSuggestion;
import dev.justpg.diagnostics.NodeRelationship;
import dev.justpg.diagnostics.PlanNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the partitioned table a scanned partition belongs to, so an index is suggested on the
 * parent (which creates it on every partition) rather than on one partition.
 *
 * <p>From the plan: PostgreSQL names the partitions it expands from one table reference after
 * that reference, {@code measurements_1}, {@code measurements_2}...; when every member of an
 * Append or Merge Append has such a name with one base, and every partition's own name starts
 * with that base and an underscore, the base is the partitioned table; a single partition left
 * after pruning keeps the reference's name ({@code Seq Scan on measurements_2 measurements}).
 * When the plan cannot tell (the query gave the table an alias) and the advisor has a database,
 * the catalog is asked ({@code pg_partition_root}).
 */
final class PartitionParent {

    private static final Pattern NUMBERED = Pattern.compile("^(.+)_([0-9]+)$");

    private PartitionParent() {
    }

    /**
     * The suggestion moved to the scanned partition's parent, when there is one.
     *
     * @param ctx the context (with the catalog lookup, if any)
     * @param scan the scan the index was suggested for
     * @param index the suggestion on the scanned table
     * @return the suggestion on the parent, or the one given
     */
    static IndexSuggestion lift(Ctx ctx, PlanNode scan, IndexSuggestion index) {
        if (scan.relationName().isEmpty()) {
            return index;
        }
        String partition = Ctx.table(scan);
        Optional<String> fromPlan = fromPlan(scan);
        if (fromPlan.isPresent()) {
            String parent = quoted(scan.schema().orElse(null), fromPlan.get());
            return index.onPartitionedTable(parent, partition + " is one of the partitions the plan reads for "
                    + fromPlan.get() + " (from the names PostgreSQL gave them), so the index goes on the partitioned"
                    + " table " + parent + ", which creates it on every partition and on partitions attached later");
        }
        Optional<String[]> fromCatalog = ctx.partitionRoot.apply(scan.schema().orElse(null), scan.relationName().get());
        if (fromCatalog.isPresent()) {
            String parent = quoted(fromCatalog.get()[0], fromCatalog.get()[1]);
            return index.onPartitionedTable(parent, partition + " is a partition of " + parent + " (from the"
                    + " catalog), so the index goes on the partitioned table, which creates it on every partition and"
                    + " on partitions attached later");
        }
        return index;
    }

    private static String quoted(String schema, String name) {
        return schema == null ? Identifier.quote(name) : Identifier.of(schema, name).quoted();
    }

    /**
     * The name the query gives the table whose partitions an Append reads ({@code m} for
     * {@code m_1}, {@code m_2}...), when the plan shows the scan is one of them but not the
     * table's own name.
     *
     * @param scan the scan
     * @return the reference name, or empty
     */
    static Optional<String> reference(PlanNode scan) {
        PlanNode member = scan.parent().map(p -> p.nodeType().equals("Gather")).orElse(false) ? scan.parent().get()
                : scan;
        if (member.relationship() != NodeRelationship.MEMBER || member.parent().isEmpty()) {
            return Optional.empty();
        }
        String base = null;
        int members = 0;
        for (PlanNode c : member.parent().get().children()) {
            if (c.relationship() != NodeRelationship.MEMBER) {
                continue;
            }
            PlanNode s = c.nodeType().equals("Gather") && c.children().size() == 1 ? c.children().get(0) : c;
            Matcher m = NUMBERED.matcher(s.alias().orElse(""));
            if (s.relationName().isEmpty() || !m.matches() || (base != null && !base.equals(m.group(1)))) {
                return Optional.empty();
            }
            base = m.group(1);
            members++;
        }
        return members >= 2 ? Optional.of(base) : Optional.empty();
    }

    /** The base name shared by the members of the Append the scan belongs to, if it names the parent. */
    static Optional<String> fromPlan(PlanNode scan) {
        String alias = scan.alias().orElse("");
        String relation = scan.relationName().get();
        if (!alias.isEmpty() && !alias.equals(relation) && relation.startsWith(alias + "_")
                && scan.relationship() != NodeRelationship.MEMBER) {
            // the one partition left after pruning keeps the name of the table reference
            return Optional.of(alias);
        }
        PlanNode member = scan;
        if (member.parent().map(p -> p.nodeType().equals("Gather")).orElse(false)) {
            member = member.parent().get();
        }
        if (member.relationship() != NodeRelationship.MEMBER || member.parent().isEmpty()) {
            return Optional.empty();
        }
        PlanNode append = member.parent().get();
        if (!append.nodeType().equals("Append") && !append.nodeType().equals("Merge Append")) {
            return Optional.empty();
        }
        List<PlanNode> scans = new ArrayList<>();
        for (PlanNode c : append.children()) {
            if (c.relationship() != NodeRelationship.MEMBER) {
                continue;
            }
            PlanNode s = c.nodeType().equals("Gather") && c.children().size() == 1 ? c.children().get(0) : c;
            if (s.relationName().isEmpty()) {
                return Optional.empty();
            }
            scans.add(s);
        }
        if (scans.size() < 2) {
            return Optional.empty();
        }
        String base = null;
        for (PlanNode s : scans) {
            Matcher m = NUMBERED.matcher(s.alias().orElse(s.relationName().get()));
            if (!m.matches() || (base != null && !base.equals(m.group(1)))
                    || !s.relationName().get().startsWith(m.group(1) + "_")) {
                return Optional.empty();
            }
            base = m.group(1);
        }
        return Optional.ofNullable(base);
    }
}
