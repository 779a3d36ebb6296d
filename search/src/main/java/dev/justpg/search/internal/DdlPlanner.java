package dev.justpg.search.internal;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.search.DdlStep;
import dev.justpg.search.SearchException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compares the catalog with an {@link IndexSpec} and lists the DDL that brings it up to date. */
public final class DdlPlanner {

    static final String LOCK_REWRITE = "ACCESS EXCLUSIVE on the table for the whole rewrite: blocks reads and"
            + " writes; the table is rewritten and every row's tsvector computed (about as long as"
            + " a full UPDATE of the table)";
    static final String LOCK_INDEX = "SHARE on the table while the index builds: reads go on, writes wait"
            + " (use the concurrent plan on a busy table)";
    static final String LOCK_INDEX_CONCURRENTLY = "SHARE UPDATE EXCLUSIVE: reads and writes go on; two table"
            + " scans, slower; cannot run in a transaction; a failure leaves an INVALID index that the"
            + " next plan drops and rebuilds";
    static final String LOCK_CATALOG = "brief catalog lock only";
    static final String LOCK_DROP_COLUMN = "ACCESS EXCLUSIVE on the table, brief (no rewrite)";

    private final IndexSpec spec;
    private final Database db;

    /**
     * A planner.
     *
     * @param spec the definition
     * @param db the primary database
     */
    public DdlPlanner(IndexSpec spec, Database db) {
        this.spec = spec;
        this.db = db;
    }

    private record Column(String type, String comment) {
    }

    /**
     * Lists the steps still needed.
     *
     * @param concurrently whether indexes are built with CONCURRENTLY
     * @return the steps, empty when everything is in place
     */
    public List<DdlStep> plan(boolean concurrently) {
        try {
            return db.withConnection(c -> {
                String regclass = single(c, new Sql().a("SELECT to_regclass(").bind(spec.table().quoted()).a(")::text"));
                if (regclass == null) {
                    throw new SearchException("table " + spec.table() + " does not exist; create it first"
                            + " (the search index adds columns and indexes to an existing table)");
                }
                Map<String, Column> columns = new HashMap<>();
                for (String[] row : Statements.query(c, new Sql()
                        .a("SELECT a.attname, format_type(a.atttypid, a.atttypmod), col_description(a.attrelid, a.attnum)"
                                + " FROM pg_attribute a WHERE a.attrelid = to_regclass(").bind(spec.table().quoted())
                        .a(") AND a.attnum > 0 AND NOT a.attisdropped"),
                        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
                    columns.put(row[0], new Column(row[1], row[2]));
                }
                Map<String, Boolean> indexes = new HashMap<>();
                for (String[] row : Statements.query(c, new Sql()
                        .a("SELECT ic.relname, i.indisvalid::text FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
                                + " WHERE i.indrelid = to_regclass(").bind(spec.table().quoted()).a(")"),
                        rs -> new String[] {rs.getString(1), rs.getString(2)})) {
                    indexes.put(row[0], Boolean.parseBoolean(row[1]));
                }
                check(columns);
                List<DdlStep> steps = new ArrayList<>();
                Set<String> installed = new HashSet<>(Statements.query(c,
                        new Sql().a("SELECT extname FROM pg_extension"), rs -> rs.getString(1)));
                boolean needTrgm = !spec.fuzzyFields().isEmpty() || spec.vocabulary();
                if (needTrgm && !installed.contains("pg_trgm")) {
                    steps.add(new DdlStep("CREATE EXTENSION IF NOT EXISTS pg_trgm", "trigram matching for typos",
                            LOCK_CATALOG, true));
                }
                if (spec.unaccent()) {
                    if (!installed.contains("unaccent")) {
                        steps.add(new DdlStep("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA "
                                + Identifier.quote(spec.schema()), "accent folding",
                                LOCK_CATALOG, true));
                    }
                    String fn = single(c, new Sql().a("SELECT to_regprocedure(")
                            .bind(spec.unaccentFunction().quoted() + "(text)").a(")::text"));
                    if (fn == null) {
                        steps.add(new DdlStep(unaccentFunctionDdl(c), "IMMUTABLE unaccent wrapper: unaccent() is only"
                                + " STABLE, so it cannot appear in a generated column or an index expression",
                                LOCK_CATALOG, true));
                    }
                }
                addColumn(steps, columns, indexes, spec.tsvColumn(), spec.tsvectorExpression(spec.fields()),
                        spec.tsvIndex(), concurrently, "weighted tsvector of all fields");
                if (spec.tiered()) {
                    addColumn(steps, columns, indexes, spec.tsvColumn() + "_top",
                            spec.tsvectorExpression(spec.topFields()), spec.topIndex(), concurrently,
                            "tsvector of the weight-" + spec.topWeight() + " fields (the primary tier)");
                }
                for (String f : spec.fuzzyFields()) {
                    addIndex(steps, indexes, spec.trigramIndex(f), "USING gin ((" + spec.trigramExpression(f)
                            + ") gin_trgm_ops)", concurrently, "trigram index for typo-tolerant matching on " + f);
                }
                if (spec.vocabulary()) {
                    String keyType = columns.get(spec.key()).type();
                    steps.add(new DdlStep("CREATE TABLE IF NOT EXISTS " + spec.vocabTable().quoted()
                            + " (word text COLLATE \"C\" PRIMARY KEY, ndoc integer NOT NULL)",
                            "vocabulary for did-you-mean and autocomplete", LOCK_CATALOG, true));
                    steps.add(new DdlStep("CREATE INDEX IF NOT EXISTS " + spec.vocabIndex().quoted() + " ON "
                            + spec.vocabTable().quoted() + " USING gin (word gin_trgm_ops)",
                            "trigram index on the vocabulary", "SHARE on the vocabulary table", true));
                    steps.add(new DdlStep("CREATE TABLE IF NOT EXISTS " + spec.vocabStateTable().quoted()
                            + " (id integer PRIMARY KEY CHECK (id = 1), last_key " + keyType + ")",
                            "high-water key of the incremental vocabulary refresh", LOCK_CATALOG, true));
                    steps.removeIf(s -> s.sql().startsWith("CREATE TABLE IF NOT EXISTS") && exists(c, s));
                    steps.removeIf(s -> s.sql().startsWith("CREATE INDEX IF NOT EXISTS " + spec.vocabIndex().quoted())
                            && regclassExists(c, Identifier.of(spec.schema(), spec.vocabIndex().name())));
                }
                return steps;
            });
        } catch (SQLException e) {
            throw Statements.fail("reading the catalog for " + spec.table(), e);
        }
    }

    private boolean exists(java.sql.Connection c, DdlStep s) {
        Identifier t = s.sql().contains(spec.vocabStateTable().quoted()) ? spec.vocabStateTable() : spec.vocabTable();
        return regclassExists(c, t.schema().isPresent() ? t : Identifier.of(spec.schema(), t.name()));
    }

    private static boolean regclassExists(java.sql.Connection c, Identifier id) {
        try {
            return single(c, new Sql().a("SELECT to_regclass(").bind(id.quoted()).a(")::text")) != null;
        } catch (SQLException e) {
            throw Statements.fail("reading the catalog", e);
        }
    }

    private void check(Map<String, Column> columns) {
        List<String> needed = new ArrayList<>();
        needed.add(spec.key());
        spec.fields().forEach(f -> needed.add(f.name()));
        needed.addAll(spec.fuzzyFields());
        for (String n : needed) {
            if (!columns.containsKey(n)) {
                throw new SearchException("table " + spec.table() + " has no column \"" + n + "\"; fix the index"
                        + " definition or add the column (existing columns: " + columns.keySet() + ")");
            }
        }
        if (spec.languageColumn() != null) {
            Column lang = columns.get(spec.languageColumn());
            if (lang == null) {
                throw new SearchException("table " + spec.table() + " has no language column \""
                        + spec.languageColumn() + "\"");
            }
            if (!lang.type().equals("regconfig")) {
                throw new SearchException("language column \"" + spec.languageColumn() + "\" is " + lang.type()
                        + ", not regconfig: a text-to-regconfig cast is not IMMUTABLE, so it cannot feed a generated"
                        + " column; run ALTER TABLE " + spec.table() + " ALTER COLUMN "
                        + Identifier.quote(spec.languageColumn()) + " TYPE regconfig USING "
                        + Identifier.quote(spec.languageColumn()) + "::regconfig");
            }
        }
    }

    private void addColumn(List<DdlStep> steps, Map<String, Column> columns, Map<String, Boolean> indexes,
                           String column, String expression, Identifier index, boolean concurrently, String why) {
        String fp = IndexSpec.fingerprint(expression);
        Column existing = columns.get(column);
        Identifier col = Identifier.of(column);
        boolean rebuilt = false;
        if (existing != null && !fp.equals(existing.comment())) {
            steps.add(new DdlStep("ALTER TABLE " + spec.table() + " DROP COLUMN " + col.quoted(),
                    "the column " + column + " was generated from another definition (comment '"
                            + existing.comment() + "', expected '" + fp + "'); it is dropped and added again,"
                            + " which drops its index", LOCK_DROP_COLUMN, true));
            rebuilt = true;
        }
        if (existing == null || rebuilt) {
            steps.add(new DdlStep("ALTER TABLE " + spec.table() + " ADD COLUMN IF NOT EXISTS " + col.quoted()
                    + " tsvector GENERATED ALWAYS AS (" + expression + ") STORED", why, LOCK_REWRITE, true));
            steps.add(new DdlStep("COMMENT ON COLUMN " + spec.table() + "." + col.quoted() + " IS '" + fp + "'",
                    "fingerprint of the definition, so a changed definition is detected", LOCK_CATALOG, true));
            indexes.remove(index.name());
        }
        addIndex(steps, indexes, index, "USING gin (" + col.quoted() + ")", concurrently, "GIN index on " + column);
    }

    private void addIndex(List<DdlStep> steps, Map<String, Boolean> indexes, Identifier index, String using,
                          boolean concurrently, String why) {
        Boolean valid = indexes.get(index.name());
        if (Boolean.TRUE.equals(valid)) {
            return;
        }
        String cc = concurrently ? "CONCURRENTLY " : "";
        if (Boolean.FALSE.equals(valid)) {
            steps.add(new DdlStep("DROP INDEX " + cc + "IF EXISTS "
                    + Identifier.of(spec.schema(), index.name()).quoted(),
                    "the index " + index.name() + " is INVALID (an interrupted concurrent build)",
                    concurrently ? LOCK_INDEX_CONCURRENTLY : "ACCESS EXCLUSIVE on the table, brief", !concurrently));
        }
        steps.add(new DdlStep("CREATE INDEX " + cc + "IF NOT EXISTS " + index.quoted() + " ON " + spec.table() + " "
                + using, why, concurrently ? LOCK_INDEX_CONCURRENTLY : LOCK_INDEX, !concurrently));
    }

    private String unaccentFunctionDdl(java.sql.Connection c) throws SQLException {
        String extSchema = single(c, new Sql().a("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                + " ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"));
        String s = Identifier.quote(extSchema == null ? spec.schema() : extSchema);
        return "CREATE OR REPLACE FUNCTION " + spec.unaccentFunction().quoted() + "(text) RETURNS text"
                + " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $justpg$ SELECT " + s + ".unaccent('"
                + (s + ".unaccent").replace("'", "''") + "'::regdictionary, $1) $justpg$";
    }

    static String single(java.sql.Connection c, Sql sql) throws SQLException {
        List<String> r = Statements.query(c, sql, rs -> rs.getString(1));
        return r.isEmpty() ? null : r.get(0);
    }
}
