package dev.justpg.realtime.jobs.internal;

import dev.justpg.core.JustPgException;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.core.json.JsonCodec;
import dev.justpg.realtime.jobs.EnqueueResult;
import dev.justpg.realtime.jobs.JobRequest;
import dev.justpg.realtime.jobs.JobState;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** Inserts jobs on a connection the caller owns: one row, many rows from arrays, or COPY. */
public final class Inserter {

    /** Rows per multi-row insert statement. */
    static final int CHUNK = 5_000;
    private static final int UNIQUE_RETRIES = 5;

    private final JobSql sql;
    private final JsonCodec json;

    /**
     * An inserter.
     *
     * @param sql the statements
     * @param json the codec for arguments
     */
    public Inserter(JobSql sql, JsonCodec json) {
        this.sql = sql;
        this.json = json;
    }

    /**
     * Encodes arguments (before any statement runs, so bad input has no side effect).
     *
     * @param r the request
     * @return the JSON text
     */
    public String encode(JobRequest r) {
        return r.args() == null ? "{}" : json.encode(r.args());
    }

    /**
     * Inserts one job.
     *
     * @param c the connection (not committed or closed here)
     * @param r the request
     * @param batchId the batch, or {@code null}
     * @return the result
     */
    public EnqueueResult insertOne(Connection c, JobRequest r, Long batchId) {
        String args = encode(r);
        for (int i = 0; i < UNIQUE_RETRIES; i++) {
            try (PreparedStatement ps = c.prepareStatement(sql.insertOne)) {
                ps.setString(1, r.queue());
                ps.setString(2, r.kind());
                ps.setString(3, args);
                ps.setShort(4, (short) r.priority());
                ps.setShort(5, (short) r.maxAttempts());
                ps.setObject(6, r.runAt().map(t -> OffsetDateTime.ofInstant(t, ZoneOffset.UTC)).orElse(null),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(7, r.timeout().map(d -> (int) d.toMillis()).orElse(null), Types.INTEGER);
                ps.setString(8, r.uniqueKey().orElse(null));
                ps.setObject(9, r.uniqueKey().isPresent() ? c.createArrayOf("text", states(r)) : null, Types.ARRAY);
                ps.setArray(10, c.createArrayOf("text", r.tags().toArray()));
                ps.setObject(11, batchId, Types.BIGINT);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new EnqueueResult(rs.getLong(1), true);
                    }
                }
                List<Long> existing = Jdbc.query(c, sql.findUnique, rs -> rs.getLong(1), r.uniqueKey().get());
                if (!existing.isEmpty()) {
                    return new EnqueueResult(existing.get(0), false);
                }
                // The holder finished between the two statements: try the insert again.
            } catch (SQLException e) {
                throw Jdbc.failure(sql.insertOne, e);
            }
        }
        throw new JustPgException("the unique key '" + r.uniqueKey().orElse("") + "' kept changing hands while"
                + " enqueueing; try again");
    }

    private static Object[] states(JobRequest r) {
        return r.uniqueStates().stream().map(JobState::sqlName).sorted().toArray();
    }

    /**
     * Inserts many jobs with one statement per {@value #CHUNK} rows.
     *
     * @param c the connection
     * @param requests the requests
     * @param batchId the batch, or {@code null}
     * @return one result per request, in order
     */
    public List<EnqueueResult> insertMany(Connection c, List<JobRequest> requests, Long batchId) {
        List<String> encoded = requests.stream().map(this::encode).collect(Collectors.toList());
        List<EnqueueResult> out = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += CHUNK) {
            int to = Math.min(requests.size(), from + CHUNK);
            out.addAll(insertChunk(c, requests.subList(from, to), encoded.subList(from, to), batchId));
        }
        return out;
    }

    private List<EnqueueResult> insertChunk(Connection c, List<JobRequest> rs, List<String> args, Long batchId) {
        int n = rs.size();
        String[] q = new String[n];
        String[] k = new String[n];
        Short[] p = new Short[n];
        Short[] m = new Short[n];
        Timestamp[] runAt = new Timestamp[n];
        Integer[] timeout = new Integer[n];
        String[] unique = new String[n];
        String[] uniqueStates = new String[n];
        String[] tags = new String[n];
        Long[] batch = new Long[n];
        for (int i = 0; i < n; i++) {
            JobRequest r = rs.get(i);
            q[i] = r.queue();
            k[i] = r.kind();
            p[i] = (short) r.priority();
            m[i] = (short) r.maxAttempts();
            runAt[i] = r.runAt().map(Timestamp::from).orElse(null);
            timeout[i] = r.timeout().map(d -> (int) d.toMillis()).orElse(null);
            unique[i] = r.uniqueKey().orElse(null);
            uniqueStates[i] = r.uniqueKey().isPresent()
                    ? String.join(",", java.util.Arrays.stream(states(r)).map(Object::toString).toArray(String[]::new))
                    : null;
            tags[i] = r.tags().isEmpty() ? null : String.join("\u001f", r.tags());
            batch[i] = batchId;
        }
        List<long[]> plain = new ArrayList<>();
        Map<String, Long> byKey = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.insertMany)) {
            ps.setArray(1, c.createArrayOf("text", q));
            ps.setArray(2, c.createArrayOf("text", k));
            ps.setArray(3, c.createArrayOf("text", args.toArray()));
            ps.setArray(4, c.createArrayOf("int2", p));
            ps.setArray(5, c.createArrayOf("int2", m));
            ps.setArray(6, c.createArrayOf("timestamptz", runAt));
            ps.setArray(7, c.createArrayOf("int4", timeout));
            ps.setArray(8, c.createArrayOf("text", unique));
            ps.setArray(9, c.createArrayOf("text", uniqueStates));
            ps.setArray(10, c.createArrayOf("text", tags));
            ps.setArray(11, c.createArrayOf("int8", batch));
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    String key = r.getString(2);
                    if (key == null) {
                        plain.add(new long[] {r.getLong(1)});
                    } else {
                        byKey.put(key, r.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw Jdbc.failure(sql.insertMany, e);
        }
        // Identity values follow the row order of the one statement; sort to map them back.
        Deque<Long> plainIds = plain.stream().map(a -> a[0]).sorted()
                .collect(Collectors.toCollection(ArrayDeque::new));
        List<EnqueueResult> out = new ArrayList<>(n);
        Map<String, Boolean> handedOut = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (unique[i] == null) {
                out.add(new EnqueueResult(plainIds.removeFirst(), true));
            } else if (byKey.containsKey(unique[i]) && handedOut.putIfAbsent(unique[i], true) == null) {
                out.add(new EnqueueResult(byKey.get(unique[i]), true));
            } else if (byKey.containsKey(unique[i])) {
                out.add(new EnqueueResult(byKey.get(unique[i]), false));
            } else {
                List<Long> existing = Jdbc.query(c, sql.findUnique, r -> r.getLong(1), unique[i]);
                if (existing.isEmpty()) {
                    out.add(insertOne(c, rs.get(i), batchId));
                } else {
                    out.add(new EnqueueResult(existing.get(0), false));
                }
            }
        }
        return out;
    }

    /**
     * Loads jobs with {@code COPY ... FROM STDIN}: the fastest way in, without ids back and without
     * unique keys.
     *
     * @param c the connection (pgjdbc)
     * @param requests the requests (checked by the caller: no unique keys)
     * @return the number of rows loaded
     */
    public long copy(Connection c, List<JobRequest> requests) {
        List<String> encoded = requests.stream().map(this::encode).collect(Collectors.toList());
        StringBuilder now = new StringBuilder();
        StringBuilder later = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            JobRequest r = requests.get(i);
            StringBuilder b = r.runAt().isPresent() ? later : now;
            field(b, r.queue()).append('\t');
            field(b, r.kind()).append('\t');
            field(b, encoded.get(i)).append('\t');
            b.append(r.priority()).append('\t').append(r.maxAttempts()).append('\t');
            if (r.timeout().isPresent()) {
                b.append(r.timeout().get().toMillis());
            } else {
                b.append("\\N");
            }
            b.append('\t');
            b.append('{');
            for (int t = 0; t < r.tags().size(); t++) {
                if (t > 0) {
                    b.append(',');
                }
                field(b, arrayElement(r.tags().get(t)));
            }
            b.append('}');
            if (r.runAt().isPresent()) {
                b.append('\t').append(r.runAt().get().toString());
            }
            b.append('\n');
        }
        String cols = "queue, kind, args, priority, max_attempts, timeout_ms, tags";
        try {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long rows = 0;
            if (now.length() > 0) {
                rows += copy.copyIn("copy " + sql.table + " (" + cols + ") from stdin", new StringReader(now.toString()));
            }
            if (later.length() > 0) {
                rows += copy.copyIn("copy " + sql.table + " (" + cols + ", run_at) from stdin",
                        new StringReader(later.toString()));
            }
            return rows;
        } catch (SQLException e) {
            throw Jdbc.failure("copy " + sql.table, e);
        } catch (IOException e) {
            throw new JustPgException("COPY into " + sql.table + " failed: " + e.getMessage(), e);
        }
    }

    private static String arrayElement(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static StringBuilder field(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        return b;
    }
}
