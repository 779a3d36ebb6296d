package dev.justpg.backup.internal;

import dev.justpg.backup.ProgressEvent;
import dev.justpg.backup.ProgressEvent.Phase;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a line of {@code pg_dump -v} / {@code pg_restore -v} output into a progress event. */
public final class ProgressParser {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern CREATING = Pattern.compile("^creating ([A-Z][A-Z ]*?) \"");
    private static final Set<String> POST_DATA = Set.of("INDEX", "CONSTRAINT", "FK CONSTRAINT", "TRIGGER", "RULE", "POLICY",
            "EVENT TRIGGER", "INDEX ATTACH", "STATISTICS", "PUBLICATION", "SUBSCRIPTION", "MATERIALIZED VIEW DATA");

    private ProgressParser() {
    }

    /**
     * Parses one line.
     *
     * @param tool the tool that printed it
     * @param line the line
     * @return the event
     */
    public static ProgressEvent parse(String tool, String line) {
        String body = line;
        String prefix = tool + ": ";
        if (body.startsWith(prefix)) {
            body = body.substring(prefix.length());
        }
        Phase phase;
        String object = "";
        Matcher q = QUOTED.matcher(body);
        if (q.find()) {
            object = q.group(1);
        }
        if (body.startsWith("warning:")) {
            phase = Phase.WARNING;
        } else if (body.startsWith("dumping contents of table") || body.startsWith("processing data for table")) {
            phase = Phase.DATA;
        } else if (body.startsWith("creating ")) {
            Matcher c = CREATING.matcher(body);
            phase = c.find() && POST_DATA.contains(c.group(1)) ? Phase.POST_DATA : Phase.SCHEMA;
        } else if (body.startsWith("reading ") || body.startsWith("identifying") || body.startsWith("finding")
                || body.startsWith("flagging") || body.startsWith("saving") || body.startsWith("connecting")
                || body.startsWith("last built-in") || body.startsWith("executing")) {
            phase = Phase.PREPARING;
        } else if (body.startsWith("dumping") || body.startsWith("processing")) {
            phase = Phase.SCHEMA;
        } else {
            phase = Phase.OTHER;
        }
        return new ProgressEvent(tool, phase, object, line, Instant.now());
    }
}
