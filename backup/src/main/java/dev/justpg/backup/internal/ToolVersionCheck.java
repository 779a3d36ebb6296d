package dev.justpg.backup.internal;

import dev.justpg.backup.ClientTool;
import dev.justpg.backup.ToolVersion;
import java.util.List;

/** Checks up front that every tool a backup and its drill need fits the source server. */
public final class ToolVersionCheck {

    private ToolVersionCheck() {
    }

    /**
     * Locates pg_dump, pg_dumpall, pg_restore and psql for the source server's major version.
     *
     * @param ctx the configuration
     * @return the tools
     */
    public static List<ClientTool> check(Context ctx) {
        ToolVersion server = ToolVersion.parse(ctx.admin(ctx.source()).serverVersion());
        String purpose = "back up and verify a PostgreSQL " + server + " server";
        return List.of(ctx.tools().locate(ClientTool.PG_DUMP, server.major(), purpose),
                ctx.tools().locate(ClientTool.PG_DUMPALL, server.major(), purpose),
                ctx.tools().locate(ClientTool.PG_RESTORE, server.major(), purpose),
                ctx.tools().locate(ClientTool.PSQL, server.major(), purpose));
    }
}
