package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.summary.GroupRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoresTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutAUrlTheHistoryIsAnH2FileUnderTheDataDirectoryThatOutlivesTheStore() {
        Path nested = dataDir.resolve("not/yet/there");
        GroupRun saved;
        try (JdbcHistoryStore store = HistoryStores.fromConfig(null, "ignored", "ignored", nested)) {
            saved = store.save(new GroupRun(0, "g", Instant.EPOCH, "cli", List.of(), Map.of()));
        }

        assertThat(nested.resolve("history.mv.db")).isRegularFile();
        try (JdbcHistoryStore store = HistoryStores.fromConfig("  ", null, null, nested)) {
            assertThat(store.latest("g")).contains(saved);
        }
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/mailtls?password=s3cret&connectTimeout=2";

        assertThatThrownBy(() -> HistoryStores.fromConfig(url, "mailtls", "t0p-s3cret", dataDir))
                .isInstanceOf(HistoryStoreException.class)
                .hasMessageStartingWith("cannot connect to the history database at jdbc:postgresql://127.0.0.1:"
                        + closedPort + "/mailtls?password=***&connectTimeout=2: ")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aDatabaseThatCannotBeMigratedIsNamedWithTheReason() throws SQLException {
        String url = JdbcHistoryStore.embeddedUrl(dataDir);
        try (Connection c = DriverManager.getConnection(url);
                Statement statement = c.createStatement()) {
            statement.execute("CREATE TABLE group_run (something INTEGER)");
        }

        assertThatThrownBy(() -> HistoryStores.fromConfig(null, null, null, dataDir))
                .isInstanceOf(HistoryStoreException.class)
                .hasMessageStartingWith("cannot migrate the history database at jdbc:h2:file:" + dataDir);
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedWithTheAcceptedForm() {
        assertThatThrownBy(() -> HistoryStores.fromConfig("jdbc:mysql://db/mailtls?password=x", null, null, dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://db/mailtls?password=***")
                .hasMessageContaining("jdbc:postgresql://HOST:PORT/DATABASE");
        assertThat(Files.exists(dataDir.resolve("history.mv.db"))).isFalse();
    }
}
