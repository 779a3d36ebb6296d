package dev.justpg.realtime;

import dev.justpg.core.AdvisoryLock;
import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.JustPgException;
import dev.justpg.core.Tx;
import dev.justpg.core.json.JsonCodec;
import dev.justpg.realtime.internal.RowChangeCodec;
import dev.justpg.realtime.internal.SpillStore;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Triggers that notify every row change of a table, and every {@code TRUNCATE} of it, as typed
 * {@link RowChange} events: operation, key columns and selected columns.
 *
 * <pre>{@code
 * ChangeFeed<OrderRow> feed = ChangeFeed.builder(Identifier.of("orders"), OrderRow.class)
 *         .columns("id", "status", "total")
 *         .build();
 * feed.install(db);                                    // idempotent
 * pubsub.subscribe(feed.channel(), msg -> dashboard.apply(msg.payload()));
 * }</pre>
 *
 * <p>Two triggers ({@code AFTER INSERT OR UPDATE OR DELETE ... FOR EACH ROW}, and
 * {@code AFTER TRUNCATE ... FOR EACH STATEMENT}) call one shared function,
 * {@code justpg_change_feed()}, created in the table's schema; channel, key and columns are
 * trigger arguments. They notify inside the writing transaction, so changes arrive at commit and
 * never for a rollback. A {@code TRUNCATE} arrives as one {@link RowChange.Operation#TRUNCATE}
 * event with an empty key and no row: a subscriber mirroring the table clears its copy. An event
 * of 8000 bytes or more goes to the spill table (see {@link PubSub.Builder#spillTable}), which the
 * installer creates; writers then need INSERT on it and subscribers SELECT.
 *
 * <p>On a partitioned table the row trigger is cloned to every partition, the {@code TRUNCATE}
 * trigger is not (PostgreSQL does not clone statement-level triggers): {@code TRUNCATE} of the
 * parent is reported, {@code TRUNCATE} of one partition directly is not.
 *
 * <p>Every writing transaction that fires the trigger takes PostgreSQL's global notify lock at
 * commit: on a table with a high write rate, measure before installing.
 *
 * @param <T> the type the selected columns decode into (a record, a class, or {@code Map})
 */
public final class ChangeFeed<T> {

    /** The function every feed's trigger calls. */
    public static final String FUNCTION_NAME = "justpg_change_feed";

    private final Identifier table;
    private final List<String> keyColumns;
    private final List<String> columns;
    private final Channel<RowChange<T>> channel;
    private final Identifier spillTable;
    private final Identifier trigger;
    private final Identifier truncateTrigger;

    private ChangeFeed(Builder<T> b) {
        this.table = b.table;
        this.keyColumns = List.copyOf(b.keyColumns);
        this.columns = List.copyOf(b.columns);
        String channelName = b.channelName != null ? b.channelName : table.name() + "_changes";
        this.channel = Channel.of(channelName, new RowChangeCodec<>(b.json, b.rowType));
        this.spillTable = b.spillTable;
        String suffix = Long.toHexString(AdvisoryLock.hash(channelName) & 0xffffffffL);
        this.trigger = Identifier.of("justpg_feed_" + suffix);
        this.truncateTrigger = Identifier.of("justpg_feed_" + suffix + "_truncate");
    }

    /**
     * A builder for a feed of a table.
     *
     * @param table the table (schema-qualified or on the search path)
     * @param rowType the class the selected columns decode into
     * @param <T> the row type
     * @return the builder
     */
    public static <T> Builder<T> builder(Identifier table, Class<T> rowType) {
        return new Builder<>(table, rowType);
    }

    /**
     * The typed channel to subscribe to.
     *
     * @return the channel
     */
    public Channel<RowChange<T>> channel() {
        return channel;
    }

    /**
     * The table.
     *
     * @return the table
     */
    public Identifier table() {
        return table;
    }

    /**
     * Installs or updates the triggers (and the shared function and the spill table). Idempotent
     * and safe to run from several instances at once. Checks that the table and columns exist
     * first.
     *
     * @param db the database
     * @throws JustPgException when the table or a column does not exist (nothing changed), or
     *     the role may not create triggers
     */
    public void install(Database db) {
        db.useTransaction(tx -> {
            AdvisoryLock.of("justpg_change_feed:" + table.quoted()).lock(tx);
            List<String> keys = keyColumns.isEmpty() ? primaryKey(tx) : keyColumns;
            checkColumns(tx, keys, "key column");
            checkColumns(tx, columns, "column");
            for (String sql : SpillStore.ddl(spillTable)) {
                tx.update(sql);
            }
            tx.update(functionDdl());
            dropTriggers(tx);
            String call = " execute function " + function().quoted() + "(" + literal(channel.name()) + ", "
                    + literal(spillTable.quoted()) + ", " + literal(jsonArray(keys)) + ", "
                    + literal(columns.isEmpty() ? "" : jsonArray(columns)) + ")";
            tx.update("create trigger " + trigger.quoted() + " after insert or update or delete on " + table.quoted()
                    + " for each row" + call);
            tx.update("create trigger " + truncateTrigger.quoted() + " after truncate on " + table.quoted()
                    + " for each statement" + call);
        });
    }

    private void dropTriggers(Tx tx) {
        tx.update("drop trigger if exists " + trigger.quoted() + " on " + table.quoted());
        tx.update("drop trigger if exists " + truncateTrigger.quoted() + " on " + table.quoted());
    }

    /**
     * Removes the triggers (the shared function stays; other feeds may use it). Idempotent.
     *
     * @param db the database
     */
    public void uninstall(Database db) {
        db.useTransaction(this::dropTriggers);
    }

    private Identifier function() {
        return table.schema().map(s -> Identifier.of(s, FUNCTION_NAME)).orElse(Identifier.of(FUNCTION_NAME));
    }

    private String functionDdl() {
        return "create or replace function " + function().quoted() + "() returns trigger language plpgsql as $fn$\n"
                + "declare\n"
                + "  rec jsonb;\n"
                + "  keys jsonb := tg_argv[2]::jsonb;\n"
                + "  cols jsonb := nullif(tg_argv[3], '')::jsonb;\n"
                + "  payload text;\n"
                + "  spill_id bigint;\n"
                + "begin\n"
                + "  if tg_op = 'TRUNCATE' then\n"
                + "    payload := jsonb_build_object('operation', tg_op, 'schema', tg_table_schema,\n"
                + "      'table', tg_table_name, 'key', '{}'::jsonb, 'row', null)::text;\n"
                + "  else\n"
                + "    rec := to_jsonb(case when tg_op = 'DELETE' then old else new end);\n"
                + "    payload := jsonb_build_object('operation', tg_op, 'schema', tg_table_schema, 'table', tg_table_name,\n"
                + "      'key', (select coalesce(jsonb_object_agg(k, rec -> k), '{}') from jsonb_array_elements_text(keys) k),\n"
                + "      'row', case when cols is null then rec else\n"
                + "        (select coalesce(jsonb_object_agg(k, rec -> k), '{}') from jsonb_array_elements_text(cols) k) end\n"
                + "    )::text;\n"
                + "  end if;\n"
                + "  if octet_length(payload) >= 8000 then\n"
                + "    execute format('insert into %s(channel, payload) values ($1, $2) returning id', tg_argv[1])\n"
                + "      into spill_id using tg_argv[0], payload;\n"
                + "    payload := chr(30) || 'jpg1;spill=' || spill_id || chr(30);\n"
                + "  end if;\n"
                + "  perform pg_notify(tg_argv[0], payload);\n"
                + "  return null;\n"
                + "end\n"
                + "$fn$";
    }

    private List<String> primaryKey(Tx tx) {
        List<String> pk = tx.query("select a.attname from pg_index i"
                + " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)"
                + " where i.indrelid = to_regclass(?) and i.indisprimary order by array_position(i.indkey, a.attnum)",
                r -> r.getString(1), table.quoted());
        if (pk.isEmpty()) {
            requireTable(tx);
            throw new IllegalArgumentException("table " + table + " has no primary key; name the key columns with"
                    + " ChangeFeed.Builder.keyColumns(...)");
        }
        return pk;
    }

    private void requireTable(Tx tx) {
        boolean exists = tx.queryOne("select to_regclass(?) is not null", r -> r.getBoolean(1), table.quoted());
        if (!exists) {
            throw new IllegalArgumentException("table " + table + " does not exist (looked up as "
                    + table.quoted() + " on the search path); create it first or qualify it with its schema");
        }
    }

    private void checkColumns(Tx tx, List<String> names, String what) {
        if (names.isEmpty()) {
            return;
        }
        requireTable(tx);
        List<String> existing = tx.query("select attname from pg_attribute where attrelid = to_regclass(?)"
                + " and attnum > 0 and not attisdropped", r -> r.getString(1), table.quoted());
        for (String n : names) {
            if (!existing.contains(n)) {
                throw new IllegalArgumentException(what + " '" + n + "' does not exist in " + table + "; it has "
                        + existing);
            }
        }
    }

    private static String jsonArray(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (String n : names) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"');
            for (char c : n.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }

    /** A SQL string literal (standard_conforming_strings, on since PostgreSQL 9.1). */
    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * The table, channel and triggers.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ChangeFeed[" + table + " -> " + channel.name() + ", triggers " + trigger.name() + ", "
                + truncateTrigger.name() + "]";
    }

    /**
     * Configures a {@link ChangeFeed}.
     *
     * @param <T> the row type
     */
    public static final class Builder<T> {

        private final Identifier table;
        private final Type rowType;
        private List<String> keyColumns = List.of();
        private List<String> columns = List.of();
        private String channelName;
        private JsonCodec json = JsonCodec.defaultCodec();
        private Identifier spillTable = PubSub.DEFAULT_SPILL_TABLE;

        private Builder(Identifier table, Type rowType) {
            this.table = Objects.requireNonNull(table, "table must not be null");
            this.rowType = Objects.requireNonNull(rowType, "rowType must not be null");
        }

        /**
         * The key columns reported in {@link RowChange#key()} (default: the primary key).
         *
         * @param names column names, exactly as in the table
         * @return this builder
         */
        public Builder<T> keyColumns(String... names) {
            this.keyColumns = checked("keyColumns", names);
            return this;
        }

        /**
         * The columns reported in {@link RowChange#row()} (default: all columns). Fewer columns
         * keep events small.
         *
         * @param names column names, exactly as in the table
         * @return this builder
         */
        public Builder<T> columns(String... names) {
            this.columns = checked("columns", names);
            return this;
        }

        /**
         * The channel name (default: the table name + {@code _changes}).
         *
         * @param name the channel name
         * @return this builder
         */
        public Builder<T> channel(String name) {
            this.channelName = Channel.checkName(name);
            return this;
        }

        /**
         * The JSON codec the events are decoded with (default {@link JsonCodec#defaultCodec()}).
         *
         * @param codec the codec
         * @return this builder
         */
        public Builder<T> json(JsonCodec codec) {
            this.json = Objects.requireNonNull(codec, "json must not be null");
            return this;
        }

        /**
         * The spill table for events of 8000 bytes or more (default
         * {@link PubSub#DEFAULT_SPILL_TABLE}); subscribers' PubSub must use the same.
         *
         * @param table the table
         * @return this builder
         */
        public Builder<T> spillTable(Identifier table) {
            this.spillTable = Objects.requireNonNull(table, "spillTable must not be null");
            return this;
        }

        /**
         * Builds the feed (installs nothing: see {@link ChangeFeed#install}).
         *
         * @return the feed
         * @throws IllegalArgumentException naming a bad setting
         */
        public ChangeFeed<T> build() {
            if (channelName == null) {
                Channel.checkName(table.name() + "_changes");
            }
            return new ChangeFeed<>(this);
        }

        private static List<String> checked(String what, String... names) {
            Objects.requireNonNull(names, what + " must not be null");
            List<String> out = new ArrayList<>();
            for (String n : names) {
                Identifier.quote(n);
                if (out.contains(n)) {
                    throw new IllegalArgumentException(what + " names '" + n + "' twice: " + Arrays.toString(names));
                }
                out.add(n);
            }
            return out;
        }
    }
}
