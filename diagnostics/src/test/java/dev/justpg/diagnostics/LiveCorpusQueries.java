package dev.justpg.diagnostics;

import java.util.List;

/**
 * The schema and queries of the live corpus under {@code plans/live}: plans that Limit, EXISTS,
 * semi/anti and merge joins stop early, real misestimates, interval filters, partitions and
 * materialized CTEs in parallel plans. {@link LiveCorpusGenerator} captures them from a server.
 */
final class LiveCorpusQueries {

    /** One query: a file name, settings run before it, the statement. */
    record Query(String name, String settings, String sql) {
    }

    private static final String PARALLEL = "set local parallel_setup_cost = 0; set local parallel_tuple_cost = 0;"
            + " set local min_parallel_table_scan_size = 0; set local max_parallel_workers_per_gather = 2;";

    static final String[] SCHEMA = {
        "create table users (id int primary key, email text not null, created_at timestamptz not null)",
        "insert into users select g, 'user' || g || '@example.com', now() - g * interval '1 minute'"
                + " from generate_series(1, 20000) g",
        "create table events (id int primary key, user_id int not null, kind int not null,"
                + " created_at timestamptz not null, payload text not null)",
        "insert into events select g, 1 + (g * 7919) % 10000, g % 10, now() - (200000 - g) * interval '1 minute',"
                + " md5(g::text) from generate_series(1, 200000) g",
        "create index events_user_id_idx on events (user_id)",
        "create table corr (a int, b int, c int)",
        "insert into corr select g % 20, g % 20, g from generate_series(1, 100000) g",
        "create table measurements (day date not null, v int not null) partition by range (day)",
        "create table measurements_1 partition of measurements for values from ('2024-01-01') to ('2024-01-02')",
        "create table measurements_2 partition of measurements for values from ('2024-01-02') to ('2024-01-03')",
        "create table measurements_3 partition of measurements for values from ('2024-01-03') to ('2024-01-04')",
        "create table measurements_4 partition of measurements for values from ('2024-01-04') to ('2024-01-05')",
        "insert into measurements select date '2024-01-01' + (g % 4), g from generate_series(1, 120000) g",
        "create table big (id int, g int, pad text)",
        "insert into big select i, i % 1000, repeat('x', 50) from generate_series(1, 300000) i",
        "vacuum analyze"
    };

    static final List<Query> QUERIES = List.of(
            new Query("limit-seqscan", "", "select * from events where kind = 3 limit 10"),
            new Query("limit-index-order", "", "select * from events order by id limit 5"),
            new Query("limit-not-reached", "", "select * from corr where a = 1 and b = 2 limit 10"),
            new Query("exists-semi-join", "set local enable_hashjoin = off; set local enable_mergejoin = off;",
                    "select u.id from users u where exists (select 1 from events e where e.user_id = u.id)"),
            new Query("not-exists-anti-join", "set local enable_hashjoin = off; set local enable_mergejoin = off;",
                    "select u.id from users u where not exists (select 1 from events e where e.user_id = u.id)"),
            new Query("exists-subplan", "",
                    "select u.id, exists (select 1 from events e where e.kind = 2 and e.user_id <> u.id) from users u"
                            + " where u.id <= 50"),
            new Query("limit-above-sort", "", "select * from corr where a = 1 and b = 1 order by c limit 10"),
            new Query("limit-not-reached-big", "", "select * from corr where a = 1 and b = 1 limit 100000"),
            new Query("limit-nested-loop", "set local enable_hashjoin = off; set local enable_mergejoin = off;",
                    "select * from users u join events e on e.user_id = u.id where e.kind = 3 limit 20"),
            new Query("merge-join-early", "set local enable_hashjoin = off; set local enable_nestloop = off;",
                    "select * from users u join events e on e.id = u.id where u.id <= 500"),
            new Query("correlated-misestimate", "", "select * from corr where a = 1 and b = 1"),
            new Query("interval-filter", "",
                    "select * from events where created_at > now() - interval '3 days'"),
            new Query("partitions-filter", "", "select * from measurements where v = 42"),
            new Query("partitions-aliased", "", "select * from measurements m where m.v = 42"),
            new Query("partition-pruned-to-one", "",
                    "select * from measurements where day = date '2024-01-02' and v = 42"),
            new Query("cte-under-gather", PARALLEL,
                    "with c as materialized (select g, count(*) as n from big group by g)"
                            + " select b.id, c.n from big b join c on c.g = b.g where b.id % 1000 = 7"),
            new Query("cte-parallel-inside", PARALLEL,
                    "with c as materialized (select * from big where g = 7)"
                            + " select count(*) from c join users u on u.id = c.id"),
            new Query("window-and-material", "set local enable_hashjoin = off; set local enable_mergejoin = off;",
                    "select u.id, c.c, sum(c.c) over (partition by u.id order by c.c) from users u"
                            + " join corr c on c.a = u.id % 20 where u.id < 40 and c.c < 300"),
            new Query("healthy-primary-key", "", "select * from users where id = 42"));

    private LiveCorpusQueries() {
    }
}
