package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.summary.HistoryUnavailableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A history database that goes away (connections refused and cut, as when PostgreSQL stops) and
 * comes back: the store says so to readiness, its operations fail as {@link
 * HistoryUnavailableException}, and it recovers without a restart.
 */
@Timeout(90)
class PostgresOutageTest {

    @RegisterExtension
    static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

    @Test
    void readinessSeesTheDatabaseGoAndComeBack() throws Exception {
        String url = POSTGRES.cluster().createDatabase();
        String name = url.substring(url.lastIndexOf('/') + 1);
        TickingClock clock = new TickingClock(Instant.parse("2026-12-05T10:00:00Z"));
        try (JdbcHistoryStore store = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null, clock)) {
            assertThat(store.unavailableReason()).isEmpty();

            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            clock.advance(Duration.ofSeconds(6));

            assertThat(store.unavailableReason())
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .startsWith("the history database at " + url)
                            .doesNotContain("\n"));
            assertThatThrownBy(() -> store.history("mail-edge", 5)).isInstanceOf(HistoryUnavailableException.class);

            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            // A check begun during the outage may still be waiting for the pool (up to its 10 s
            // connection timeout): each ask waits at most 2 s, and within a few checks it is back.
            Optional<String> reason = Optional.of("not asked yet");
            for (int check = 0; check < 10 && reason.isPresent(); check++) {
                clock.advance(Duration.ofSeconds(6));
                reason = store.unavailableReason();
            }
            assertThat(reason).isEmpty();
            assertThat(store.history("mail-edge", 5)).isEmpty();
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        POSTGRES.cluster().url("postgres"), PostgresCluster.SUPERUSER, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
