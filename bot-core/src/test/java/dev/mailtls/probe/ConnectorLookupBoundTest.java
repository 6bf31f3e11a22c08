package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Deadline;
import dev.mailtls.net.Resolver;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lookups that time out keep their thread in the OS resolver until it answers; their number is
 * bounded and the next one past the bound fails fast. The resolver here blocks on a latch and, like
 * getaddrinfo, ignores interrupts.
 */
@Timeout(30)
class ConnectorLookupBoundTest {
    private final CountDownLatch answer = new CountDownLatch(1);
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private final CountDownLatch released = new CountDownLatch(2);

    /** The OS resolver as it behaves for a name whose servers never answer. */
    private final Resolver hanging = host -> {
        asked.add(host);
        boolean interrupted = false;
        while (true) {
            try {
                answer.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // getaddrinfo does not stop for an interrupt either
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return List.of(InetAddress.getLoopbackAddress());
    };

    /** Two permits; each release is counted, so the test sees the lookups end. */
    private final Semaphore permits = new Semaphore(2) {
        @Override
        public void release() {
            super.release();
            released.countDown();
        }
    };

    private static ProbeRun run(String host) {
        return new ProbeRun(
                new ProbeRequest(host, 25, Protocol.SMTP, null, ProbeOptions.defaults()), Instant.now(), null);
    }

    @Test
    void lookupsThatTimedOutStillCountAndTheNextFailsFast() throws Exception {
        Connector connector = new Connector(hanging, AddressPolicy.permitAll(), permits);
        for (String host : List.of("slow1.test", "slow2.test")) {
            ProbeRun r = run(host);
            assertThat(connector.resolve(r, Deadline.after(Duration.ofMillis(1))))
                    .isNull();
            assertThat(r.failure.code()).isEqualTo(FailureCode.DNS_ERROR);
            assertThat(r.failure.message()).contains("no DNS answer for " + host);
        }

        ProbeRun third = run("slow3.test");
        long t0 = System.nanoTime();
        assertThat(connector.resolve(third, Deadline.after(Duration.ofSeconds(20))))
                .isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(third.failure.code()).isEqualTo(FailureCode.DNS_ERROR);
        assertThat(third.failure.message()).contains("too many DNS lookups").doesNotContain("\n");
        assertThat(asked).doesNotContain("slow3.test");
        assertThat(permits.availablePermits()).isZero();

        // The OS answers at last: the two lookups end, give their permits back, and names resolve again.
        answer.countDown();
        assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
        ProbeRun later = run("slow4.test");
        assertThat(connector.resolve(later, Deadline.after(Duration.ofSeconds(10))))
                .containsExactly(InetAddress.getLoopbackAddress());
        assertThat(asked).contains("slow1.test", "slow2.test", "slow4.test");
    }
}
