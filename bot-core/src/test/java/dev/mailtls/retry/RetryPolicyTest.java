package dev.mailtls.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    private static final RetryPolicy POLICY =
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));

    /** A clock the sleeper advances: waits cost no real time. */
    private Instant now = T0;

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private final List<Duration> slept = new ArrayList<>();
    private final Sleeper sleeper = d -> {
        slept.add(d);
        now = now.plus(d);
    };

    /** Answers the scripted statuses in turn, then 200 for ever. */
    private static Attempt.Call<Integer> statuses(Integer... script) {
        Deque<Integer> left = new ArrayDeque<>(List.of(script));
        return () -> {
            int status = left.isEmpty() ? 200 : left.poll();
            return RetryPolicy.transientStatus(status)
                    ? Attempt.again(status, Optional.empty(), "HTTP " + status)
                    : Attempt.done(status);
        };
    }

    @Test
    void transientFailuresAreRetriedWithDoublingBackoff() throws Exception {
        Outcome<Integer> o = POLICY.run(statuses(500, 502, 503), sleeper, clock, T0.plusSeconds(900));

        assertThat(o.delivered()).isTrue();
        assertThat(o.value()).isEqualTo(200);
        assertThat(o.attempts()).isEqualTo(4);
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void retryAfterIsHonouredInsteadOfTheBackoff() throws Exception {
        int[] calls = {0};
        Attempt.Call<Integer> call = () -> ++calls[0] == 1
                ? Attempt.again(429, Optional.of(Duration.ofSeconds(7)), "HTTP 429")
                : Attempt.done(200);

        Outcome<Integer> o = POLICY.run(call, sleeper, clock, T0.plusSeconds(900));

        assertThat(o.delivered()).isTrue();
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void clientErrorsOtherThan429AreNeverRetried() throws Exception {
        Outcome<Integer> o = POLICY.run(statuses(404), sleeper, clock, T0.plusSeconds(900));

        assertThat(o.delivered()).isTrue();
        assertThat(o.value()).isEqualTo(404);
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(slept).isEmpty();
        assertThat(RetryPolicy.transientStatus(400)).isFalse();
        assertThat(RetryPolicy.transientStatus(408)).isFalse();
        assertThat(RetryPolicy.transientStatus(429)).isTrue();
        assertThat(RetryPolicy.transientStatus(599)).isTrue();
    }

    @Test
    void aPersistentFailureGivesUpAfterMaxAttempts() throws Exception {
        Outcome<Integer> o =
                POLICY.run(statuses(500, 500, 500, 500, 500, 500, 500), sleeper, clock, T0.plusSeconds(900));

        assertThat(o.delivered()).isFalse();
        assertThat(o.attempts()).isEqualTo(5);
        assertThat(o.value()).isEqualTo(500);
        assertThat(o.problem()).isEqualTo("HTTP 500 after 5 attempts");
        assertThat(slept).hasSize(4);
    }

    @Test
    void eachWaitIsCappedAndATooLongRetryAfterEndsTheDelivery() throws Exception {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ofHours(1));
        Outcome<Integer> backedOff = p.run(statuses(500, 500, 500), sleeper, clock, T0.plusSeconds(9000));
        assertThat(slept).containsExactly(Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ofSeconds(60));
        assertThat(backedOff.delivered()).isTrue();

        slept.clear();
        Outcome<Integer> o = p.run(
                () -> Attempt.again(429, Optional.of(Duration.ofSeconds(3600)), "HTTP 429"),
                sleeper,
                clock,
                T0.plusSeconds(9000));
        assertThat(o.delivered()).isFalse();
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(o.problem()).contains("asked to wait 3600 s");
        assertThat(slept).isEmpty();
    }

    @Test
    void theTotalWaitAndTheTokenLifetimeBoundTheRetries() throws Exception {
        RetryPolicy p = new RetryPolicy(100, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(35));
        Outcome<Integer> total =
                p.run(() -> Attempt.again(503, Optional.empty(), "HTTP 503"), sleeper, clock, T0.plusSeconds(9000));
        assertThat(total.delivered()).isFalse();
        assertThat(total.attempts()).isEqualTo(4); // waits of 10 + 10 + 10; a fourth would pass 35 s
        assertThat(total.problem()).contains("time to deliver runs out");

        slept.clear();
        now = T0;
        Outcome<Integer> window =
                POLICY.run(() -> Attempt.again(503, Optional.empty(), "HTTP 503"), sleeper, clock, T0.plusSeconds(2));
        assertThat(window.attempts()).isEqualTo(2); // waited 1 s; 2 s more would pass the token's end
        assertThat(slept).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void ioErrorsAreTransientAndTheLastOneIsRethrown() throws Exception {
        Outcome<Integer> o = POLICY.run(
                () -> {
                    throw new IOException("connection reset");
                },
                sleeper,
                clock,
                T0.plusSeconds(900));

        assertThat(o.delivered()).isFalse();
        assertThat(o.attempts()).isEqualTo(5);
        assertThat(o.problem()).isEqualTo("IOException after 5 attempts");
        assertThatThrownBy(o::valueOrThrow).isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    void retryAfterReadsWholeAndFractionalSecondsOnly() {
        assertThat(RetryPolicy.retryAfter(Optional.of(" 30 "))).contains(Duration.ofSeconds(30));
        assertThat(RetryPolicy.retryAfter(Optional.of("0.343"))).contains(Duration.ofMillis(343));
        assertThat(RetryPolicy.retryAfter(Optional.of("1.0001"))).contains(Duration.ofMillis(1001));
        assertThat(RetryPolicy.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")))
                .isEmpty();
        assertThat(RetryPolicy.retryAfter(Optional.of("-1"))).isEmpty();
        assertThat(RetryPolicy.retryAfter(Optional.of("NaN"))).isEmpty();
        assertThat(RetryPolicy.retryAfter(Optional.of("1e9"))).isEmpty();
        assertThat(RetryPolicy.retryAfter(Optional.empty())).isEmpty();
    }
}
