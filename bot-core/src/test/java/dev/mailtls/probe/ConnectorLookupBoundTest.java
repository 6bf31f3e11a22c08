package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.protocol.Transcript;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Resolver;
import java.net.InetAddress;
import java.time.Duration;
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

    private static ProbeRequest request(String host) {
        return new ProbeRequest(host, 25, Protocol.SMTP, null, ProbeOptions.defaults());
    }

    @Test
    void lookupsThatTimedOutStillCountAndTheNextFailsFast() throws Exception {
        Connector connector = new Connector(hanging, AddressPolicy.permitAll(), permits);
        for (String host : List.of("slow1.test", "slow2.test")) {
            Connector.Resolution r =
                    connector.resolve(request(host), new Transcript(), Deadline.after(Duration.ofMillis(1)));
            assertThat(r.addresses()).isNull();
            assertThat(r.found().failure().code()).isEqualTo(FailureCode.DNS_ERROR);
            assertThat(r.found().failure().message()).contains("no DNS answer for " + host);
        }

        long t0 = System.nanoTime();
        Connector.Resolution third =
                connector.resolve(request("slow3.test"), new Transcript(), Deadline.after(Duration.ofSeconds(20)));
        assertThat(third.addresses()).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(third.found().failure().code()).isEqualTo(FailureCode.DNS_ERROR);
        assertThat(third.found().failure().message())
                .contains("too many DNS lookups")
                .doesNotContain("\n");
        assertThat(asked).doesNotContain("slow3.test");
        assertThat(permits.availablePermits()).isZero();

        // The OS answers at last: the two lookups end, give their permits back, and names resolve again.
        answer.countDown();
        assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(connector
                        .resolve(request("slow4.test"), new Transcript(), Deadline.after(Duration.ofSeconds(10)))
                        .addresses())
                .containsExactly(InetAddress.getLoopbackAddress());
        assertThat(asked).contains("slow1.test", "slow2.test", "slow4.test");
    }
}
