package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.HistoryStore;
import dev.mailtls.summary.HistoryUnavailableException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's readiness: the data directory, and the history database when the server's work needs it. */
class ServerReadinessTest {
    @TempDir
    Path dataDir;

    /** A store whose database is down: every operation fails, and it says why. */
    private static final class DownStore implements HistoryStore {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public Optional<String> unavailableReason() {
            asked.incrementAndGet();
            return Optional.of("the history database at jdbc:postgresql://db:5432/mailtls cannot be reached");
        }

        private static HistoryUnavailableException down() {
            return new HistoryUnavailableException("down", null);
        }

        @Override
        public GroupRun save(GroupRun run) {
            throw down();
        }

        @Override
        public Optional<GroupRun> latest(String group) {
            throw down();
        }

        @Override
        public List<GroupRun> history(String group, int limit) {
            throw down();
        }

        @Override
        public int pruneBefore(Instant cutoff) {
            throw down();
        }

        @Override
        public boolean claimSlot(String group, Instant slot, String owner) {
            throw down();
        }

        @Override
        public boolean reclaimSlot(String group, Instant slot, String owner, Instant staleBefore) {
            throw down();
        }

        @Override
        public void markPosted(String group, Instant slot) {
            throw down();
        }

        @Override
        public List<Instant> unpostedSlots(String group) {
            throw down();
        }

        @Override
        public void close() {}
    }

    @Test
    void withGroupsOrADatabaseTheHistoryDatabaseMustAnswer() {
        DownStore store = new DownStore();

        assertThat(new ServerReadiness(dataDir, store, true).problems())
                .containsExactly("the history database at jdbc:postgresql://db:5432/mailtls cannot be reached");
    }

    @Test
    void withoutGroupsOrADatabaseTheHistoryIsNotAsked() {
        DownStore store = new DownStore();

        assertThat(new ServerReadiness(dataDir, store, false).problems()).isEmpty();
        assertThat(store.asked).hasValue(0);
    }

    @Test
    void serveNeedsTheHistoryWhenGroupsAreConfiguredOrTheDatabaseIsItsOwn() throws Exception {
        DownStore store = new DownStore();
        ServeConfig plain = ServeConfigLoader.load(
                java.util.Map.of("MAILTLS_DATA_DIR", dataDir.toString()), dataDir.resolve("home"));
        assertThat(ServerReadiness.of(plain, store).problems()).isEmpty();

        ServeConfig withDb = ServeConfigLoader.load(
                java.util.Map.of(
                        "MAILTLS_DATA_DIR", dataDir.toString(), "MAILTLS_DB_URL", "jdbc:postgresql://db:5432/mailtls"),
                dataDir.resolve("home"));
        assertThat(ServerReadiness.of(withDb, store).problems()).hasSize(1);
    }
}
