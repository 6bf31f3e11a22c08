package dev.mailtls.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.testing.FakeTicker;
import dev.mailtls.testing.FaultServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watchdog waits on the deadline's ticker: a fake ticker moved past the deadline fires it. */
@Timeout(30)
class WatchdogTest {

    @Test
    void aReadStuckOnASilentServerEndsWhenTheTickerPassesTheDeadline() throws IOException {
        FakeTicker ticker = new FakeTicker();
        Deadline deadline = Deadline.after(Duration.ofSeconds(20), ticker);
        try (FaultServer silent = FaultServer.silent();
                Watchdog watchdog = new Watchdog(deadline)) {
            Socket s = watchdog.watch(new Socket());
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.port()), 5_000);
            // A real read timeout far beyond the test's: only the watchdog can end this read.
            s.setSoTimeout(25_000);

            ticker.advance(Duration.ofSeconds(20).minusNanos(1));
            assertThat(watchdog.fired()).isFalse();
            assertThat(s.isClosed()).isFalse();

            ticker.advance(Duration.ofNanos(1));
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketException.class);
            assertThat(s.isClosed()).isTrue();
            assertThat(watchdog.fired()).isTrue();
        }
    }

    @Test
    void aSocketWatchedAfterTheDeadlineIsClosedAtOnce() throws Exception {
        FakeTicker ticker = new FakeTicker();
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), ticker);
        try (Watchdog watchdog = new Watchdog(deadline)) {
            Socket first = watchdog.watch(new Socket());
            ticker.advance(Duration.ofSeconds(2));
            while (!first.isClosed()) {
                Thread.onSpinWait(); // the watchdog's thread is waking: no fake time is waited for
            }
            assertThat(watchdog.fired()).isTrue();
            Socket late = watchdog.watch(new Socket());
            assertThat(late.isClosed()).isTrue();
        }
    }

    @Test
    void closingTheWatchdogClosesItsSocketsWithoutFiring() {
        FakeTicker ticker = new FakeTicker();
        Socket s;
        try (Watchdog watchdog = new Watchdog(Deadline.after(Duration.ofMinutes(1), ticker))) {
            s = watchdog.watch(new Socket());
            assertThat(watchdog.fired()).isFalse();
        }
        assertThat(s.isClosed()).isTrue();
    }
}
