package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.service.Rate;
import dev.mailtls.service.SharedBudget.Bucket;
import dev.mailtls.testing.FaultServer;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A database that never answers, or is not there: a call of the connection budget fails within its
 * short timeouts (the probe service then decides from its own budget), never hangs, and never names
 * the password.
 */
@Timeout(30)
class JdbcConnectionBudgetTimeoutTest {
    private static final Bucket BUCKET = new Bucket("a:192.0.2.1", new Rate(3, Duration.ofMinutes(1)));

    @Test
    void aDatabaseThatAcceptsAndNeverAnswersFailsTheCallWithinASecond() {
        try (FaultServer silent = FaultServer.silent();
                JdbcConnectionBudget budget = JdbcConnectionBudget.open(
                        "jdbc:postgresql://127.0.0.1:" + silent.port() + "/mailtls?password=hunter2",
                        "mailtls",
                        null,
                        Clock.systemUTC())) {
            for (int call = 0; call < 2; call++) {
                long began = System.nanoTime();
                assertThatThrownBy(() -> budget.take(List.of(BUCKET)))
                        .isInstanceOf(HistoryStoreException.class)
                        .hasMessageStartingWith("cannot take from the connection budget in the database at"
                                + " jdbc:postgresql://127.0.0.1:" + silent.port() + "/mailtls?password=***")
                        .hasMessageNotContaining("hunter2");
                assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(1));
            }
            long began = System.nanoTime();
            assertThatThrownBy(() -> budget.refund(BUCKET)).isInstanceOf(HistoryStoreException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aDatabaseThatIsNotThereFailsTheCallAtOnceAndDoesNotStopTheBudgetOpening() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        try (JdbcConnectionBudget budget = JdbcConnectionBudget.open(
                "jdbc:postgresql://127.0.0.1:" + port + "/mailtls", "mailtls", null, Clock.systemUTC())) {
            long began = System.nanoTime();
            assertThatThrownBy(() -> budget.take(List.of(BUCKET))).isInstanceOf(HistoryStoreException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(1));
        }
    }
}
