package dev.justpg.diagnostics.health.internal;

/**
 * The statements of a health run: one per query family, each read once per run, never per object.
 * Statistics are read with the {@code pg_stat_get_*} functions the {@code pg_stat_*} views are
 * made of, for the user tables only, instead of joining the views (which compute every column for
 * every relation, TOAST and system tables included).
 */
final class Sql {

    private Sql() {
    }

    /** Schemas the checks look at: everything but the system's. */
    static final String USER_SCHEMA = "n.nspname not in ('pg_catalog', 'information_schema')"
            + " and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'";

    static final String SET_TIMEOUT = "select set_config('statement_timeout', ?, true),"
            + " set_config('lock_timeout', ?, true)";

    static final String SETTINGS = "select name, setting, coalesce(unit, '') from pg_settings where name = any(?)"
            + " union all select 'justpg.server_version_num', current_setting('server_version_num'), ''"
            + " union all select 'justpg.in_recovery', pg_is_in_recovery()::text, ''"
            + " union all select 'justpg.superuser', (select rolsuper::text from pg_roles where rolname = current_user), ''"
            + " union all select 'justpg.read_all_stats', pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')::text, ''"
            + " union all select 'justpg.stat_scan_tables', pg_has_role(current_user, 'pg_stat_scan_tables', 'USAGE')::text, ''"
            + " union all select 'justpg.database', current_database(), ''"
            + " union all select 'justpg.user', current_user::text, ''"
            + " union all select 'justpg.stats_reset_age', coalesce((select extract(epoch from now() - stats_reset)::text"
            + "   from pg_stat_database where datname = current_database()), ''), ''"
            + " union all select 'justpg.uptime', extract(epoch from now() - pg_postmaster_start_time())::text, ''"
            + " union all select 'justpg.ext.' || e.extname, e.extversion, e.extnamespace::regnamespace::text"
            + "   from pg_extension e where e.extname in ('pg_stat_statements', 'pgstattuple')";

    static final String INDEXES = "select n.nspname, t.relname, i.relname, x.indexrelid::bigint, x.indrelid::bigint, i.relkind::text,"
            + " x.indisvalid, x.indisunique, x.indisprimary, x.indisexclusion,"
            + " exists (select 1 from pg_constraint k where k.conindid = x.indexrelid),"
            + " am.amname, x.indnkeyatts, array_to_string(x.indkey::int2[], ','), x.indclass::text, x.indcollation::text,"
            + " coalesce(pg_get_expr(x.indexprs, x.indrelid), ''), coalesce(pg_get_expr(x.indpred, x.indrelid), ''),"
            + " case when x.indisvalid then '' else pg_get_indexdef(x.indexrelid) end, pg_relation_size(x.indexrelid), i.reltuples::float8, i.relpages::bigint,"
            + " pg_stat_get_numscans(x.indexrelid), pg_stat_get_numscans(x.indrelid),"
            + " cols.names, cols.notnull"
            + " from pg_index x"
            + " join pg_class i on i.oid = x.indexrelid"
            + " join pg_class t on t.oid = x.indrelid"
            + " join pg_namespace n on n.oid = t.relnamespace"
            + " join pg_am am on am.oid = i.relam"
            + " cross join lateral (select array_agg(coalesce(a.attname::text, '') order by k.ord) as names,"
            + "   array_agg(coalesce(a.attnotnull, false) order by k.ord) as notnull"
            + "   from unnest(x.indkey::int2[]) with ordinality k(attnum, ord)"
            + "   left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum) cols"
            + " where t.relkind in ('r', 'p', 'm') and " + USER_SCHEMA;

    static final String TABLES = "select n.nspname, c.relname, c.oid::bigint, c.relkind::text, c.reltuples::float8,"
            + " c.relpages::bigint, coalesce(array_to_string(c.reloptions, chr(1)), ''),"
            + " pg_stat_get_live_tuples(c.oid), pg_stat_get_dead_tuples(c.oid), pg_stat_get_mod_since_analyze(c.oid),"
            + " pg_stat_get_numscans(c.oid), pg_stat_get_tuples_returned(c.oid), ix.scans,"
            + " extract(epoch from now() - greatest(pg_stat_get_last_vacuum_time(c.oid),"
            + "   pg_stat_get_last_autovacuum_time(c.oid))),"
            + " extract(epoch from now() - greatest(pg_stat_get_last_analyze_time(c.oid),"
            + "   pg_stat_get_last_autoanalyze_time(c.oid))),"
            + " case when c.relkind in ('r', 'm') then age(c.relfrozenxid) else 0 end,"
            + " case when c.relkind in ('r', 'm') then mxid_age(c.relminmxid) else 0 end,"
            + " 0, pg_table_size(c.oid), pg_indexes_size(c.oid),"
            + " case when c.reltoastrelid = 0 then 0 else pg_total_relation_size(c.reltoastrelid) end,"
            + " exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p'),"
            + " has_table_privilege(c.oid, 'SELECT'),"
            + " (select count(*) from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),"
            + " pg_stat_get_blocks_fetched(c.oid) - pg_stat_get_blocks_hit(c.oid), pg_stat_get_blocks_hit(c.oid),"
            + " ix.blocks_read, ix.blocks_hit, c.relispartition"
            + " from pg_class c"
            + " join pg_namespace n on n.oid = c.relnamespace"
            + " cross join lateral (select coalesce(sum(pg_stat_get_numscans(x.indexrelid)), 0) as scans,"
            + "   coalesce(sum(pg_stat_get_blocks_fetched(x.indexrelid) - pg_stat_get_blocks_hit(x.indexrelid)), 0)"
            + "   as blocks_read, coalesce(sum(pg_stat_get_blocks_hit(x.indexrelid)), 0) as blocks_hit"
            + "   from pg_index x where x.indrelid = c.oid) ix"
            + " where c.relkind in ('r', 'p', 'm') and " + USER_SCHEMA;

    static final String COLUMN_STATS = "select n.nspname, c.relname, s.attname::text, s.null_frac::float8, s.avg_width"
            + " from pg_stats s join pg_namespace n on n.nspname = s.schemaname"
            + " join pg_class c on c.relnamespace = n.oid and c.relname = s.tablename"
            + " where not s.inherited and " + USER_SCHEMA;

    static final String FOREIGN_KEYS = "select n.nspname, t.relname, k.conname, k.conrelid::bigint, k.conkey::text,"
            + " ch.names, ch.types, rn.nspname, rt.relname, pa.names, pa.types"
            + " from pg_constraint k"
            + " join pg_class t on t.oid = k.conrelid join pg_namespace n on n.oid = t.relnamespace"
            + " join pg_class rt on rt.oid = k.confrelid join pg_namespace rn on rn.oid = rt.relnamespace"
            + " cross join lateral (select array_agg(a.attname::text order by u.ord) as names,"
            + "   array_agg(format_type(a.atttypid, a.atttypmod) order by u.ord) as types"
            + "   from unnest(k.conkey) with ordinality u(attnum, ord)"
            + "   join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum) ch"
            + " cross join lateral (select array_agg(a.attname::text order by u.ord) as names,"
            + "   array_agg(format_type(a.atttypid, a.atttypmod) order by u.ord) as types"
            + "   from unnest(k.confkey) with ordinality u(attnum, ord)"
            + "   join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum) pa"
            + " where k.contype = 'f' and (k.conparentid = 0) and " + USER_SCHEMA;

    static final String SEQUENCES = "select n.nspname, c.relname, format_type(q.seqtypid, null), q.seqmin, q.seqmax,"
            + " q.seqincrement, ps.last_value,"
            + " has_sequence_privilege(c.oid, 'SELECT') or has_sequence_privilege(c.oid, 'USAGE'), q.seqcycle,"
            + " own.nspname, own.relname, own.attname, own.type"
            + " from pg_sequence q"
            + " join pg_class c on c.oid = q.seqrelid join pg_namespace n on n.oid = c.relnamespace"
            + " left join pg_sequences ps on ps.schemaname = n.nspname and ps.sequencename = c.relname"
            + " left join lateral (select tn.nspname, t.relname, a.attname::text as attname,"
            + "   format_type(a.atttypid, a.atttypmod) as type"
            + "   from pg_depend d join pg_class t on t.oid = d.refobjid join pg_namespace tn on tn.oid = t.relnamespace"
            + "   join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid"
            + "   where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass"
            + "   and d.refobjsubid > 0 and d.deptype in ('a', 'i') limit 1) own on true"
            + " where " + USER_SCHEMA;

    static final String ACTIVITY = "select pid, coalesce(usename::text, ''), coalesce(datname::text, ''),"
            + " coalesce(state, ''), coalesce(backend_type, ''), coalesce(wait_event_type, ''), coalesce(wait_event, ''),"
            + " coalesce(extract(epoch from now() - xact_start), 0), coalesce(extract(epoch from now() - query_start), 0),"
            + " coalesce(extract(epoch from now() - state_change), 0), left(coalesce(query, ''), 2000),"
            + " case when wait_event_type = 'Lock' then pg_blocking_pids(pid)::text else '{}' end,"
            + " coalesce(application_name, ''), pid = pg_backend_pid()"
            + " from pg_stat_activity";

    static final String DATABASES = "select d.datname::text, age(d.datfrozenxid), mxid_age(d.datminmxid),"
            + " d.datname = current_database(), coalesce(s.blks_hit, 0), coalesce(s.blks_read, 0)"
            + " from pg_database d left join pg_stat_database s on s.datid = d.oid where d.datallowconn";

    static final String REPLICATION = "select 'standby', coalesce(application_name, ''), coalesce(client_addr::text, ''),"
            + " coalesce(state, ''),"
            + " case when pg_is_in_recovery() or replay_lsn is null then null"
            + "   else pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 end,"
            + " extract(epoch from replay_lag)::float8, extract(epoch from write_lag)::float8, coalesce(sync_state, '')"
            + " from pg_stat_replication"
            + " union all select 'slot', slot_name::text, slot_type || coalesce(' ' || database::text, ''),"
            + " case when active then 'active' else 'inactive' end,"
            + " case when restart_lsn is null then null when pg_is_in_recovery()"
            + "   then pg_wal_lsn_diff(pg_last_wal_replay_lsn(), restart_lsn)::float8"
            + "   else pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::float8 end,"
            + " null, null, coalesce(wal_status, '')"
            + " from pg_replication_slots"
            + " union all select 'archiver', '', coalesce(last_failed_wal, ''), current_setting('archive_mode'),"
            + " failed_count::float8, extract(epoch from now() - last_failed_time)::float8,"
            + " extract(epoch from now() - last_archived_time)::float8,"
            + " (last_failed_time is not null and (last_archived_time is null or last_failed_time > last_archived_time))::text"
            + " from pg_stat_archiver"
            + " union all select 'self', '', '', 'recovery',"
            + " pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::float8,"
            + " case when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0"
            + "   else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end, null, ''"
            + " where pg_is_in_recovery()";

    /**
     * pg_stat_statements, PostgreSQL 13 and later; %1$s is the extension's quoted schema, %2$s the
     * expression for the statistics age in seconds.
     */
    static final String STATEMENTS = "with s as (select queryid, query, calls, total_exec_time, mean_exec_time, rows"
            + "   from %1$s.pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())"
            + "   and queryid is not null),"
            + " r as (select s.*, row_number() over (order by total_exec_time desc) as by_total,"
            + "   row_number() over (order by mean_exec_time desc) as by_mean from s)"
            + " select queryid, left(query, 2000), calls, total_exec_time, mean_exec_time, rows, by_total, by_mean, %2$s"
            + " from r where by_total <= ? or by_mean <= ? or (calls >= ? and mean_exec_time >= ?)"
            + " order by total_exec_time desc";

    /** Statistics age of pg_stat_statements (PostgreSQL 14 and later); %s is the extension's quoted schema. */
    static final String STATEMENTS_AGE = "(select extract(epoch from now() - stats_reset)::float8 from %s.pg_stat_statements_info)";

    /** Exact bloat of the given tables with pgstattuple; %s is the extension's quoted schema. */
    static final String PGSTATTUPLE_TABLES = "select c.oid::bigint, t.table_len, t.free_space + t.dead_tuple_len"
            + " from pg_class c cross join lateral %s.pgstattuple(c.oid) t where c.oid = any(?)";

    /** Exact leaf density of the given b-tree indexes with pgstattuple; %s is the extension's quoted schema. */
    static final String PGSTATTUPLE_INDEXES = "select c.oid::bigint, c.relname, n.nspname, t.index_size, t.avg_leaf_density"
            + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " cross join lateral %s.pgstatindex(c.oid) t where c.oid = any(?)";
}
