package dev.mailtls.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.testing.FakeTicker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void aReadBoundedByTheDeadlineNeverTimesOutBeforeIt() {
        // Some nanoseconds pass between the two calls: rounding the time left down would give 9,999
        // ms, and a socket timeout that fires before the deadline reads as "the server stopped
        // answering" instead of "the probe ran out of time".
        Deadline d = Deadline.after(Duration.ofSeconds(10));
        assertThat(d.timeoutMillis(Duration.ofMinutes(1))).isEqualTo(10_000);
    }

    @Test
    void theCapWinsWhenItIsShorter() {
        assertThat(Deadline.after(Duration.ofSeconds(10)).timeoutMillis(Duration.ofMillis(250)))
                .isEqualTo(250);
    }

    @Test
    void anExpiredDeadlineStillGivesSocketsAFiniteTimeout() {
        // 0 means "wait forever" to a socket.
        assertThat(Deadline.after(Duration.ZERO).timeoutMillis(Duration.ofSeconds(1)))
                .isEqualTo(1);
    }

    @Test
    void timeLeftIsReadFromTheTickerExactly() {
        FakeTicker ticker = new FakeTicker();
        Deadline d = Deadline.after(Duration.ofSeconds(10), ticker);
        ticker.advance(Duration.ofMillis(2_500).plusNanos(1));

        assertThat(d.remaining()).isEqualTo(Duration.ofMillis(7_500).minusNanos(1));
        // Rounded up: 7,499.999999 ms left is a 7,500 ms socket timeout.
        assertThat(d.timeoutMillis(Duration.ofMinutes(1))).isEqualTo(7_500);
        assertThat(d.timeoutMillis(Duration.ofMillis(300))).isEqualTo(300);
        assertThat(d.expired()).isFalse();
    }

    @Test
    void theDeadlineExpiresWhenTheTickerReachesItNotBefore() {
        FakeTicker ticker = new FakeTicker();
        Deadline d = Deadline.after(Duration.ofSeconds(3), ticker);
        ticker.advance(Duration.ofSeconds(3).minusNanos(1));
        assertThat(d.expired()).isFalse();
        assertThat(d.remaining()).isEqualTo(Duration.ofNanos(1));

        ticker.advance(Duration.ofNanos(1));
        assertThat(d.expired()).isTrue();
        assertThat(d.remaining()).isZero();
        assertThat(d.timeoutMillis(Duration.ofSeconds(1))).isEqualTo(1);
    }

    @Test
    void aPartsDeadlineIsCappedAndNeverOutlivesTheWhole() {
        FakeTicker ticker = new FakeTicker();
        Deadline whole = Deadline.after(Duration.ofSeconds(10), ticker);
        ticker.advance(Duration.ofSeconds(8));

        assertThat(whole.within(Duration.ofSeconds(4)).remaining()).isEqualTo(Duration.ofSeconds(2));
        assertThat(whole.within(Duration.ofSeconds(1)).remaining()).isEqualTo(Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(5));
        assertThat(whole.within(Duration.ofSeconds(4)).expired()).isTrue();
    }

    @Test
    void awaitingExpiryEndsWhenTheTickerIsAdvancedPastIt() throws Exception {
        FakeTicker ticker = new FakeTicker();
        Deadline d = Deadline.after(Duration.ofMinutes(5), ticker);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                d.awaitExpiry();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ticker.advance(Duration.ofMinutes(4));
        assertThat(waiter).isNotDone();

        ticker.advance(Duration.ofMinutes(1));
        // Bounded in real time only as a safety net: five fake minutes pass at once.
        waiter.get(10, TimeUnit.SECONDS);
        assertThat(waiter).isDone();
    }
}
