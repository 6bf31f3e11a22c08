package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The readiness check of the history database: cached, bounded, one at a time. */
@Timeout(30)
class DatabaseHealthTest {
    private final TickingClock clock = new TickingClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final AtomicInteger checks = new AtomicInteger();

    @Test
    void anAnswerIsKeptForFiveSecondsThenCheckedAgain() {
        AtomicReference<Optional<String>> answer = new AtomicReference<>(Optional.empty());
        DatabaseHealth health = new DatabaseHealth(
                () -> {
                    checks.incrementAndGet();
                    return answer.get();
                },
                "the db",
                clock);

        assertThat(health.unavailableReason()).isEmpty();
        answer.set(Optional.of("the db cannot be reached: refused"));
        clock.advance(Duration.ofSeconds(4));
        assertThat(health.unavailableReason()).as("cached").isEmpty();
        assertThat(checks).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(health.unavailableReason()).hasValue("the db cannot be reached: refused");
        assertThat(checks).hasValue(2);
    }

    @Test
    void aCheckThatHangsIsWaitedForTwoSecondsAndNeverRunTwiceAtOnce() throws Exception {
        CountDownLatch answerNow = new CountDownLatch(1);
        DatabaseHealth health = new DatabaseHealth(
                () -> {
                    checks.incrementAndGet();
                    try {
                        answerNow.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.empty();
                },
                "the db",
                clock);

        long start = System.nanoTime();
        assertThat(health.unavailableReason()).hasValue("the db did not answer within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(6));
        answerNow.countDown();
        // The next ask after the cache gets the answer of the check that was still running.
        assertThat(health.unavailableReason()).isEmpty();
        assertThat(checks).as("one check, not one per ask").hasValue(1);
    }
}
