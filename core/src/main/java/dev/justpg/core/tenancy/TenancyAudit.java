package dev.justpg.core.tenancy;

import dev.justpg.core.Severity;
import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.Tx;
import dev.justpg.core.tenancy.internal.PolicyDdl;
import dev.justpg.core.tenancy.internal.PolicyText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The audit behind {@link Tenancy#audit}: catalog queries in one read-only transaction. */
final class TenancyAudit {

    private static final String USER_SCHEMAS = " n.nspname <> 'information_schema' and n.nspname !~ '^pg_' ";

    private static final String TENANT_TABLES = "select c.oid, n.nspname::text as nsp, c.relname::text as rel, a.attnum,"
            + " format_type(a.atttypid, a.atttypmod) as coltype, c.relrowsecurity, c.relforcerowsecurity,"
            + " c.relowner from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " join pg_attribute a on a.attrelid = c.oid and a.attname = ? and a.attnum > 0 and not a.attisdropped"
            + " where c.relkind in ('r', 'p') and" + USER_SCHEMAS;

    private static final String ROLE_SQL = "select rolsuper, rolbypassrls from pg_roles where rolname = ?";

    private static final String TABLES_SQL = "select t.nsp, t.rel, t.coltype, t.relrowsecurity, t.relforcerowsecurity,"
            + " pg_has_role(?, t.relowner, 'MEMBER'), has_table_privilege(?, t.oid, 'TRUNCATE'),"
            + " exists(select 1 from pg_index i where i.indrelid = t.oid and i.indkey[0] = t.attnum"
            + "        and i.indpred is null and i.indisvalid),"
            + " t.relowner::regrole::text"
            + " from (" + TENANT_TABLES + ") t order by 1, 2";

    private static final String POLICIES_SQL = "select t.nsp, t.rel, p.polname::text, p.polpermissive, p.polcmd::text,"
            + " coalesce(pg_get_expr(p.polqual, p.polrelid), ''), coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')"
            + " from (" + TENANT_TABLES + ") t join pg_policy p on p.polrelid = t.oid order by 1, 2, 3";

    /** Key columns only: a column in INCLUDE does not take part in uniqueness. */
    private static final String KEY_COLUMNS = " from unnest(i.indkey::int2[]) with ordinality k(num, ord)";

    private static final String UNIQUE_SQL = "select t.nsp, t.rel, ic.relname::text, i.indisprimary,"
            + " coalesce(con.conname::text, ''),"
            + " array(select coalesce(att.attname::text, '')" + KEY_COLUMNS
            + "       left join pg_attribute att on att.attrelid = t.oid and att.attnum = k.num"
            + "       where k.ord <= i.indnkeyatts order by k.ord),"
            + " pg_get_indexdef(i.indexrelid), coalesce(con.contype::text, ''),"
            + " coalesce(pg_get_constraintdef(con.oid), '')"
            + " from (" + TENANT_TABLES + ") t join pg_index i on i.indrelid = t.oid"
            + " join pg_class ic on ic.oid = i.indexrelid"
            + " left join pg_constraint con on con.conindid = i.indexrelid and con.conrelid = t.oid"
            + "   and con.contype in ('p', 'u', 'x')"
            + " where (i.indisunique or con.contype = 'x')"
            + " and not exists (select 1" + KEY_COLUMNS + " where k.num = t.attnum and k.ord <= i.indnkeyatts)"
            + " order by 1, 2, 3";

    private static final String BYPASS_MEMBER_SQL = "select r.rolname::text, r.rolsuper from pg_roles r"
            + " where (r.rolsuper or r.rolbypassrls) and r.rolname <> ? and pg_has_role(?, r.oid, 'MEMBER')"
            + " order by 1";

    private static final String SETTING_DEFAULT_SQL = "select coalesce(r.rolname::text, ''), coalesce(d.datname::text, ''),"
            + " cfg from pg_db_role_setting s left join pg_roles r on r.oid = s.setrole"
            + " left join pg_database d on d.oid = s.setdatabase cross join unnest(s.setconfig) cfg"
            + " where (s.setrole = 0 or r.rolname = ?) and (s.setdatabase = 0 or d.datname = current_database())"
            + " and lower(split_part(cfg, '=', 1)) like ? order by 1, 2, 3";

    private static final String FOREIGN_KEY_SQL = "select t.nsp, t.rel, con.conname::text, pg_get_constraintdef(con.oid),"
            + " fc.oid::regclass::text"
            + " from (" + TENANT_TABLES + ") t join pg_constraint con on con.conrelid = t.oid and con.contype = 'f'"
            + " join pg_class fc on fc.oid = con.confrelid"
            + " where not (t.attnum = any(con.conkey))"
            + " and exists (select 1 from pg_attribute fa where fa.attrelid = con.confrelid and fa.attname = ?"
            + "             and fa.attnum > 0 and not fa.attisdropped)"
            + " order by 1, 2, 3";

    private static final String DEFINER_BYPASS_SQL = "select p.oid::regprocedure::text, o.rolname::text,"
            + " exists(select 1 from (" + TENANT_TABLES + ") tt"
            + "        where position(lower(tt.rel) in lower(coalesce(p.prosrc, ''))) > 0),"
            + " p.prosrc is null or p.prosrc = ''"
            + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_roles o on o.oid = p.proowner"
            + " where p.prosecdef and" + USER_SCHEMAS + " and (o.rolsuper or o.rolbypassrls)"
            + " and has_function_privilege(?, p.oid, 'EXECUTE')"
            + " and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass"
            + "                 and d.objid = p.oid and d.deptype = 'e')"
            + " order by 1";

    private static final String VIEWS_SQL = "with recursive tt as (" + TENANT_TABLES + "),"
            + " deps(view_oid) as ("
            + "   select r.ev_class from pg_depend d join pg_rewrite r on r.oid = d.objid"
            + "   where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass"
            + "     and d.refobjid in (select oid from tt) and r.ev_class <> d.refobjid"
            + "   union"
            + "   select r.ev_class from deps join pg_depend d on d.refobjid = deps.view_oid"
            + "     and d.refclassid = 'pg_class'::regclass and d.classid = 'pg_rewrite'::regclass"
            + "   join pg_rewrite r on r.oid = d.objid where r.ev_class <> deps.view_oid)"
            + " select n.nspname::text, v.relname::text, v.relkind::text, coalesce(array_to_string(v.reloptions, ','), ''),"
            + " has_table_privilege(?, v.oid, 'SELECT')"
            + " from (select distinct view_oid from deps) d join pg_class v on v.oid = d.view_oid"
            + " join pg_namespace n on n.oid = v.relnamespace where v.relkind in ('v', 'm') order by 1, 2";

    private static final String DEFINER_SQL = "select p.oid::regprocedure::text, n.nspname::text"
            + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
            + " where p.prosecdef and" + USER_SCHEMAS
            + " and not exists (select 1 from unnest(coalesce(p.proconfig, array[]::text[])) cfg"
            + "                 where cfg like 'search_path=%')"
            + " and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass"
            + "                 and d.objid = p.oid and d.deptype = 'e')"
            + " order by 1";

    private final String appRole;
    private final String column;
    private final String setting;
    private final TenantIdType type;
    private final int serverMajor;
    private final List<AuditFinding> findings = new ArrayList<>();

    private TenancyAudit(String appRole, String column, String setting, TenantIdType type, int serverMajor) {
        this.appRole = appRole;
        this.column = column;
        this.setting = setting;
        this.type = type;
        this.serverMajor = serverMajor;
    }

    static AuditReport run(Database db, String appRole, String column, String setting, TenantIdType type) {
        if (appRole == null || appRole.isBlank()) {
            throw new IllegalArgumentException("appRole must name the role the application connects as");
        }
        TenancyAudit audit = new TenancyAudit(appRole, column, setting, type, db.serverVersion().major());
        db.useTransaction(dev.justpg.core.TxOptions.DEFAULT.withReadOnly(true), audit::collect);
        return AuditReport.of(appRole, audit.findings);
    }

    private void collect(Tx tx) {
        boolean superuser = role(tx);
        if (!superuser) {
            bypassMembership(tx);
        }
        settingDefaults(tx);
        tables(tx);
        policies(tx);
        uniques(tx);
        foreignKeys(tx);
        views(tx);
        definers(tx);
        definersThatBypass(tx);
    }

    /** Reports superuser and BYPASSRLS; returns whether the role is a superuser. */
    private boolean role(Tx tx) {
        boolean[] attrs = tx.queryFirst(ROLE_SQL, r -> new boolean[] {r.getBoolean(1), r.getBoolean(2)}, appRole)
                .orElseThrow(() -> new IllegalArgumentException("role '" + appRole + "' does not exist"));
        String role = Identifier.quote(appRole);
        if (attrs[0]) {
            add(FindingKind.APP_ROLE_SUPERUSER, Severity.CRITICAL, role, "the application role is a superuser:"
                    + " row-level security never applies to it, every tenant's rows are visible",
                    "ALTER ROLE " + role + " NOSUPERUSER");
        }
        if (attrs[1]) {
            add(FindingKind.APP_ROLE_BYPASSRLS, Severity.CRITICAL, role, "the application role has BYPASSRLS:"
                    + " policies are skipped for it; keep BYPASSRLS for a separate admin role",
                    "ALTER ROLE " + role + " NOBYPASSRLS");
        }
        return attrs[0];
    }

    private void bypassMembership(Tx tx) {
        String role = Identifier.quote(appRole);
        tx.query(BYPASS_MEMBER_SQL, r -> {
            String other = Identifier.quote(r.getString(1));
            add(FindingKind.APP_ROLE_MEMBER_OF_BYPASS_ROLE, Severity.CRITICAL, role, "the application role is a member"
                    + " of " + other + ", which is " + (r.getBoolean(2) ? "a superuser" : "BYPASSRLS") + ": even"
                    + " without inheriting it, SET ROLE " + other + " turns row-level security off",
                    "REVOKE " + other + " FROM " + role + ";");
            return null;
        }, appRole, appRole);
    }

    private void settingDefaults(Tx tx) {
        String prefix = setting.substring(0, setting.lastIndexOf('.') + 1);
        tx.query(SETTING_DEFAULT_SQL, r -> {
            String role = r.getString(1);
            String database = r.getString(2);
            String config = r.getString(3);
            String name = config.substring(0, config.indexOf('='));
            String target = role.isEmpty() && database.isEmpty() ? "ROLE ALL"
                    : role.isEmpty() ? "DATABASE " + Identifier.quote(database)
                    : "ROLE " + Identifier.quote(role) + (database.isEmpty() ? "" : " IN DATABASE "
                            + Identifier.quote(database));
            boolean tenant = name.equalsIgnoreCase(setting);
            add(FindingKind.TENANT_SETTING_DEFAULT, tenant ? Severity.CRITICAL : Severity.HIGH, target + " " + name,
                    "the setting has a default (" + config + ") for " + target.toLowerCase(Locale.ROOT)
                            + ": every new session starts with it, so code that bypasses justpg (a plain borrower of"
                            + " the pool, a migration, a psql session) sees that "
                            + (tenant ? "tenant's rows" : "value") + "; justpg's own transactions override it",
                    "ALTER " + target + " RESET " + name + ";");
            return null;
        }, appRole, prefix.toLowerCase(Locale.ROOT).replace("_", "\\_") + "%");
    }

    private void foreignKeys(Tx tx) {
        tx.query(FOREIGN_KEY_SQL, r -> {
            Identifier table = Identifier.of(r.getString(1), r.getString(2));
            String constraint = Identifier.quote(r.getString(3));
            add(FindingKind.FOREIGN_KEY_WITHOUT_TENANT, Severity.HIGH, constraint + " ON " + table.quoted(),
                    "the foreign key to " + r.getString(5) + " does not include " + column + " (" + r.getString(4)
                            + "): a row can point at another tenant's row, and since the key check ignores row-level"
                            + " security, a failed insert reveals whether another tenant has that id",
                    "-- make the referenced key (" + column + ", ...) unique, then:\nALTER TABLE " + table.quoted()
                            + " DROP CONSTRAINT " + constraint + ", ADD CONSTRAINT " + constraint + " FOREIGN KEY ("
                            + Identifier.quote(column) + ", ...) REFERENCES " + r.getString(5) + " ("
                            + Identifier.quote(column) + ", ...);");
            return null;
        }, column, column);
    }

    private void definersThatBypass(Tx tx) {
        String role = Identifier.quote(appRole);
        tx.query(DEFINER_BYPASS_SQL, r -> {
            String signature = r.getString(1);
            boolean readsTenantTable = r.getBoolean(3) || r.getBoolean(4);
            add(FindingKind.SECURITY_DEFINER_BYPASSES_RLS, readsTenantTable ? Severity.CRITICAL : Severity.HIGH,
                    signature, "the application may call this SECURITY DEFINER function, which runs as "
                            + Identifier.quote(r.getString(2)) + ", a role that bypasses row-level security"
                            + (readsTenantTable ? "; its body names a tenant table (or cannot be read), so it can"
                                    + " return or change every tenant's rows" : "")
                            + "; a pinned search_path does not help",
                    "-- make it owned by a role without BYPASSRLS (subject to FORCE'd policies), or\n"
                            + "REVOKE EXECUTE ON FUNCTION " + signature + " FROM PUBLIC, " + role + ";");
            return null;
        }, column, appRole);
    }

    private void tables(Tx tx) {
        String role = Identifier.quote(appRole);
        tx.query(TABLES_SQL, r -> {
            Identifier table = Identifier.of(r.getString(1), r.getString(2));
            String t = table.quoted();
            String colType = r.getString(3);
            boolean rls = r.getBoolean(4);
            boolean force = r.getBoolean(5);
            if (!rls) {
                add(FindingKind.TABLE_WITHOUT_RLS, Severity.CRITICAL, t, "the table has a " + column
                        + " column but row-level security is off: every tenant's rows are visible",
                        PolicyDdl.rowSecurity(table, false) + ";\n" + PolicyDdl.rowSecurity(table, true) + ";");
            } else if (!force) {
                add(FindingKind.TABLE_WITHOUT_FORCE, Severity.HIGH, t, "row-level security is enabled but not"
                        + " forced: the table owner (" + r.getString(9) + ") and roles acting as it bypass the"
                        + " policies", PolicyDdl.rowSecurity(table, true) + ";");
            }
            if (r.getBoolean(6)) {
                add(FindingKind.APP_ROLE_OWNS_TABLE, Severity.HIGH, t, "the application role owns the table"
                        + " (owner " + r.getString(9) + ", directly or as a member, also NOINHERIT through SET ROLE):"
                        + " it bypasses policies unless FORCE is on, and can disable row-level security or drop the"
                        + " policies",
                        "-- run as the migration role that should own the table:\nALTER TABLE " + t
                                + " OWNER TO CURRENT_USER;");
            } else if (r.getBoolean(7)) {
                add(FindingKind.APP_ROLE_CAN_TRUNCATE, Severity.HIGH, t, "the application role may TRUNCATE the"
                        + " table, and TRUNCATE ignores row-level security: one tenant could empty it for all",
                        "REVOKE TRUNCATE ON " + t + " FROM " + role + ";");
            }
            if (!r.getBoolean(8)) {
                add(FindingKind.TABLE_WITHOUT_TENANT_INDEX, Severity.MEDIUM, t, "no valid index is led by "
                        + column + ": every tenant-scoped query scans the whole table",
                        PolicyDdl.tenantIndex(table, PolicyDdl.indexName(table.name(), column),
                                Identifier.of(column), true) + ";");
            }
            return null;
        }, appRole, appRole, column);
    }

    private void policies(Tx tx) {
        List<String[]> rows = tx.query(POLICIES_SQL, r -> new String[] {
            r.getString(1), r.getString(2), r.getString(3), Boolean.toString(r.getBoolean(4)), r.getString(5),
            r.getString(6), r.getString(7)}, column);
        List<String[]> tables = tx.query(TABLES_SQL, r -> new String[] {r.getString(1), r.getString(2), r.getString(3)},
                appRole, appRole, column);
        for (String[] table : tables) {
            Identifier id = Identifier.of(table[0], table[1]);
            boolean scoped = false;
            for (String[] p : rows) {
                if (p[0].equals(table[0]) && p[1].equals(table[1])) {
                    scoped |= policy(id, table[2], p[2], Boolean.parseBoolean(p[3]), p[5], p[6]);
                }
            }
            if (!scoped) {
                add(FindingKind.TABLE_WITHOUT_POLICY, Severity.HIGH, id.quoted(), "no permissive policy reads "
                        + setting + ": with row-level security on, the application sees no rows at all; with it"
                        + " off, it sees every tenant's rows", fixPolicy(id, TenantTable.DEFAULT_POLICY_NAME, table[2]));
            }
        }
    }

    /** Checks one policy; returns whether it is a permissive policy that scopes by tenant. */
    private boolean policy(Identifier table, String colType, String name, boolean permissive, String using,
            String check) {
        String object = Identifier.quote(name) + " ON " + table.quoted();
        boolean usingReads = PolicyText.readsSetting(using, setting);
        boolean checkReads = PolicyText.readsSetting(check, setting);
        if (permissive && (!using.isEmpty() && !usingReads || !check.isEmpty() && !checkReads)) {
            add(FindingKind.POLICY_NOT_TENANT_SCOPED, Severity.CRITICAL, object, "a permissive policy that does not"
                    + " read " + setting + ": permissive policies are OR-ed, so it opens rows of every tenant"
                    + " (" + (using.isEmpty() ? "WITH CHECK " + check : "USING " + using) + ")",
                    "DROP POLICY " + object + ";  -- or re-create it AS RESTRICTIVE");
            return false;
        }
        if (!usingReads && !checkReads) {
            return false;
        }
        if (permissive && (PolicyText.mayFailOpen(using) || PolicyText.mayFailOpen(check))) {
            add(FindingKind.POLICY_FAILS_OPEN, Severity.CRITICAL, object, "the policy combines the tenant test with"
                    + " OR, IS NULL, COALESCE or CASE: it can let rows through when no tenant is bound (\"no tenant"
                    + " means all rows\"), so any code that runs without a tenant sees every tenant's rows (USING "
                    + using + ")", fixPolicy(table, name, colType));
        }
        boolean needNullif = type != TenantIdType.TEXT;
        boolean closed = PolicyText.failsClosed(using, setting, needNullif) && PolicyText.failsClosed(check, setting,
                needNullif);
        if (!closed) {
            add(FindingKind.POLICY_NOT_FAIL_CLOSED, Severity.HIGH, object, "the policy reads " + setting + " without"
                    + " missing_ok or without nullif(..., ''): with no tenant bound it raises an error (or, on a"
                    + " reused connection, casts '') instead of matching no row", fixPolicy(table, name, colType));
        }
        if (!PolicyText.wrapped(using) || !PolicyText.wrapped(check)) {
            add(FindingKind.POLICY_NOT_WRAPPED, Severity.MEDIUM, object, "current_setting is called outside a"
                    + " (select ...): it may be evaluated for every row instead of once per statement as an initPlan",
                    fixPolicy(table, name, colType));
        }
        return permissive;
    }

    private String fixPolicy(Identifier table, String policyName, String colType) {
        try {
            String cast = PolicyDdl.castType(type, colType, table + "." + column);
            String predicate = PolicyDdl.predicate(Identifier.of(column), setting, cast);
            return String.join(";\n", PolicyDdl.policy(table, Identifier.of(policyName), true, predicate)) + ";";
        } catch (IllegalArgumentException e) {
            return "-- " + e.getMessage();
        }
    }

    private void uniques(Tx tx) {
        tx.query(UNIQUE_SQL, r -> {
            Identifier table = Identifier.of(r.getString(1), r.getString(2));
            String index = Identifier.quote(r.getString(3));
            boolean primary = r.getBoolean(4);
            String constraint = r.getString(5);
            String[] cols = (String[]) r.getArray(6).getArray();
            String def = r.getString(7);
            if (r.getString(8).equals("x")) {
                add(FindingKind.EXCLUSION_WITHOUT_TENANT, Severity.MEDIUM, index + " ON " + table, "the exclusion"
                        + " constraint does not compare " + column + ": an insert that conflicts with another tenant's"
                        + " row fails, which reveals that row (" + r.getString(9) + ")",
                        "-- rebuild it with " + Identifier.quote(column) + " WITH = as its first element (gist needs"
                                + " the btree_gist extension for it):\nALTER TABLE " + table.quoted()
                                + " DROP CONSTRAINT " + Identifier.quote(constraint) + ", ADD CONSTRAINT "
                                + Identifier.quote(constraint) + " " + r.getString(9).replaceFirst("\\(",
                                        "(" + Identifier.quote(column).replace("$", "\\$") + " WITH =, ") + ";");
                return null;
            }
            List<String> quoted = new ArrayList<>();
            quoted.add(Identifier.quote(column));
            boolean expression = false;
            for (String c : cols) {
                expression |= c.isEmpty();
                quoted.add(c.isEmpty() ? "?" : Identifier.quote(c));
            }
            String list = String.join(", ", quoted);
            String fix;
            if (expression) {
                fix = "-- an expression index: rebuild it with " + Identifier.quote(column) + " as its first column";
            } else if (!constraint.isEmpty()) {
                fix = "ALTER TABLE " + table.quoted() + " DROP CONSTRAINT " + Identifier.quote(constraint) + ", ADD"
                        + " CONSTRAINT " + Identifier.quote(constraint) + (primary ? " PRIMARY KEY (" : " UNIQUE (")
                        + list + ");  -- foreign keys that reference it must be rebuilt too";
            } else {
                Identifier qualified = Identifier.of(table.schema().orElseThrow(), r.getString(3));
                fix = "-- review first: the original is " + def + "\nDROP INDEX " + qualified.quoted()
                        + ";\nCREATE UNIQUE INDEX " + index + " ON " + table.quoted() + " (" + list + ");";
            }
            add(FindingKind.UNIQUE_WITHOUT_TENANT, primary ? Severity.LOW : Severity.MEDIUM, index + " ON " + table,
                    (primary ? "the primary key" : constraint.isEmpty() ? "the unique index" : "the unique constraint")
                            + " does not include " + column + ": inserting a value another tenant already uses fails"
                            + " with a unique violation, which reveals that the value exists (" + def + ")", fix);
            return null;
        }, column);
    }

    private void views(Tx tx) {
        String role = Identifier.quote(appRole);
        tx.query(VIEWS_SQL, r -> {
            if (!r.getBoolean(5)) {
                return null;
            }
            String view = Identifier.of(r.getString(1), r.getString(2)).quoted();
            if (r.getString(3).equals("m")) {
                add(FindingKind.MATERIALIZED_VIEW_OVER_TENANT_TABLE, Severity.HIGH, view, "the application may read a"
                        + " materialized view over a tenant table; row-level security does not apply to materialized"
                        + " views, so it shows every tenant's rows", "REVOKE SELECT ON " + view + " FROM " + role
                        + ";");
            } else if (!securityInvoker(r.getString(4))) {
                add(FindingKind.VIEW_WITHOUT_SECURITY_INVOKER, Severity.HIGH, view, "the view reads tenant tables"
                        + " with its owner's rights; if the owner bypasses row-level security (superuser, BYPASSRLS,"
                        + " or table owner without FORCE), the view shows every tenant's rows",
                        serverMajor >= 15 ? "ALTER VIEW " + view + " SET (security_invoker = true);"
                                : "-- PostgreSQL " + serverMajor + " has no security_invoker (15+): upgrade, or\n"
                                        + "REVOKE SELECT ON " + view + " FROM " + role + ";");
            }
            return null;
        }, column, appRole);
    }

    private static boolean securityInvoker(String options) {
        for (String option : options.split(",")) {
            int eq = option.indexOf('=');
            if (eq > 0 && option.substring(0, eq).strip().equals("security_invoker")) {
                String v = option.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
                return v.equals("true") || v.equals("on") || v.equals("yes") || v.equals("1");
            }
        }
        return false;
    }

    private void definers(Tx tx) {
        tx.query(DEFINER_SQL, r -> {
            String signature = r.getString(1);
            add(FindingKind.SECURITY_DEFINER_WITHOUT_SEARCH_PATH, Severity.HIGH, signature, "a SECURITY DEFINER"
                    + " function runs with its owner's rights and resolves names through the caller's search_path:"
                    + " a caller can shadow a table or operator and run code as the owner",
                    "ALTER ROUTINE " + signature + " SET search_path = pg_catalog, " + Identifier.quote(r.getString(2))
                            + ", pg_temp;");
            return null;
        });
    }

    private void add(FindingKind kind, Severity severity, String object, String message, String fix) {
        findings.add(AuditFinding.of(kind, severity, object, message, fix));
    }
}
