package dev.mailtls.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
