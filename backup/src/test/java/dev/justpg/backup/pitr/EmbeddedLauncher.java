package dev.justpg.backup.pitr;

import dev.justpg.testkit.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

/** Starts recovered data directories as embedded servers (the testkit's binaries). */
final class EmbeddedLauncher implements ServerLauncher {

    private final String superuserPassword;

    EmbeddedLauncher(String superuserPassword) {
        this.superuserPassword = superuserPassword;
    }

    @Override
    public LaunchedServer start(Path dataDirectory) {
        EmbeddedServer server = EmbeddedServer.builder().fromDataDirectory(dataDirectory, superuserPassword).start();
        return new LaunchedServer() {
            @Override
            public DataSource dataSource() {
                return server.adminConnectionInfo().dataSource();
            }

            @Override
            public boolean isRunning() {
                return server.isRunning()
                        && Files.exists(server.dataDirectory().orElseThrow().resolve("postmaster.pid"));
            }

            @Override
            public String logTail(int lines) {
                return server.logTail(lines);
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
