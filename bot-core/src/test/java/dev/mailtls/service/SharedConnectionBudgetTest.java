package dev.mailtls.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The connection budget of several processes kept in one {@link SharedBudget}, and what each does
 * while it does not answer; time advanced on a fake clock.
 */
class SharedConnectionBudgetTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ServiceLimits limits = new ServiceLimits(
            Duration.ofMinutes(5),
            16,
            64,
            new Rate(20, Duration.ofMinutes(1)),
            new Rate(3, Duration.ofMinutes(1)),
            new Rate(2, Duration.ofMinutes(1)),
            new Rate(5, Duration.ofMinutes(1)));
    private final Store store = new Store();
    private final List<String> log = new CopyOnWriteArrayList<>();

    /** Token buckets in memory standing for the database: all or none, and down when told. */
    private final class Store implements SharedBudget {
        private final Map<Rate, RateLimiter> limiters = new HashMap<>();
        private final AtomicInteger asked = new AtomicInteger();
        private volatile boolean down;

        private synchronized RateLimiter limiter(Rate rate) {
            return limiters.computeIfAbsent(rate, r -> new RateLimiter(r, now::get));
        }

        @Override
        public synchronized Optional<Shortfall> take(List<Bucket> buckets) {
            asked.incrementAndGet();
            if (down) {
                throw new IllegalStateException("connection refused\n(the test's store is down)");
            }
            List<Bucket> taken = new ArrayList<>();
            for (Bucket b : buckets) {
                Duration wait = limiter(b.rate()).acquire(b.key());
                if (!wait.isZero()) {
                    taken.forEach(this::refund);
                    return Optional.of(new Shortfall(b, wait));
                }
                taken.add(b);
            }
            return Optional.empty();
        }

        @Override
        public synchronized void refund(Bucket bucket) {
            if (down) {
                throw new IllegalStateException("connection refused");
            }
            limiter(bucket.rate()).refund(bucket.key());
        }
    }

    private ConnectionBudget replica(SharedBudget shared) {
        return new ConnectionBudget(limits, now::get, shared, log::add);
    }

    private static InetAddress at(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    @Test
    void twoReplicasOnOneSharedBudgetConnectAsOftenAsOneWould() throws Exception {
        ConnectionBudget a = replica(store);
        ConnectionBudget b = replica(store);

        assertThat(a.take(at("192.0.2.1"))).isNull();
        assertThat(b.take(at("::ffff:192.0.2.1"))).isNull();
        assertThat(a.take(at("192.0.2.1")))
                .isEqualTo(ConnectionBudget.Held.connections("192.0.2.1", Duration.ofSeconds(30)));
        assertThat(b.take(at("192.0.2.1")))
                .isEqualTo(ConnectionBudget.Held.connections("192.0.2.1", Duration.ofSeconds(30)));
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(b.take(at("192.0.2.1"))).isNull();
        assertThat(a.take(at("192.0.2.1"))).isNotNull();
        assertThat(log).isEmpty();
    }

    @Test
    void eachReplicaAloneWouldGrantTheWholeRate() throws Exception {
        // The behaviour the shared budget replaces: two processes, two budgets, twice the connections.
        ConnectionBudget a = new ConnectionBudget(limits, now::get);
        ConnectionBudget b = new ConnectionBudget(limits, now::get);
        int granted = 0;
        for (ConnectionBudget replica : List.of(a, b, a, b, a, b)) {
            granted += replica.take(at("192.0.2.1")) == null ? 1 : 0;
        }
        assertThat(granted).isEqualTo(4);
    }

    @Test
    void theNetworkRefusalOfTheSharedBudgetNamesTheNetwork() throws Exception {
        ConnectionBudget a = replica(store);
        ConnectionBudget b = replica(store);
        for (int i = 1; i <= 5; i++) {
            assertThat((i % 2 == 0 ? a : b).take(at("192.0.2." + i))).isNull();
        }
        assertThat(a.take(at("192.0.2.6")))
                .isEqualTo(ConnectionBudget.Held.connections("192.0.2.0/24", Duration.ofSeconds(12)));
    }

    @Test
    void whileTheSharedBudgetIsDownEachConnectionIsDecidedLocallyAndTheOutageIsLoggedOnce() throws Exception {
        ConnectionBudget a = replica(store);
        assertThat(a.take(at("192.0.2.1"))).isNull();
        store.down = true;

        // Not refused because the store is down, and not asked again for every connection.
        assertThat(a.take(at("192.0.2.1"))).isNull();
        assertThat(a.take(at("192.0.2.1"))).isNull();
        assertThat(a.take(at("192.0.2.1")))
                .isEqualTo(ConnectionBudget.Held.connections("192.0.2.1", Duration.ofSeconds(30)));
        assertThat(store.asked).hasValue(2);
        assertThat(log)
                .singleElement()
                .asString()
                .startsWith("connection budget: the shared budget does not answer (connection refused (the test's")
                .contains("this server keeps its own budget until it does (asked again every 10 s)")
                .doesNotContain("\n");

        // Asked again after 10 s: still down, still one line.
        now.addAndGet(ConnectionBudget.RETRY_SHARED_AFTER.toNanos());
        assertThat(a.take(at("192.0.2.9"))).isNull();
        assertThat(store.asked).hasValue(3);
        assertThat(log).hasSize(1);

        store.down = false;
        now.addAndGet(ConnectionBudget.RETRY_SHARED_AFTER.toNanos());
        assertThat(a.take(at("192.0.2.1"))).isNull();
        assertThat(store.asked).hasValue(4);
        assertThat(log)
                .hasSize(2)
                .last()
                .isEqualTo("connection budget: the shared budget answers again; the replicas share it once more");
    }

    @Test
    void aDeepProbePaidInTheSharedBudgetAndNotRunIsGivenBackThere() throws Exception {
        ConnectionBudget a = replica(store);
        ConnectionBudget b = replica(store);
        ConnectionBudget.ProbeGate deep = a.gate(true);
        assertThat(deep.refusal(at("192.0.2.1"))).isEmpty();

        ConnectionBudget.ProbeGate other = b.gate(true);
        assertThat(other.refusal(at("192.0.2.1")))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("a deep probe makes up to 300"));
        assertThat(other.held()).isNotNull();
        assertThat(other.held().deep()).isTrue();

        // The first never reached TLS: its deep probe is given back, and another replica may run one.
        deep.settle(null);
        assertThat(b.gate(true).refusal(at("192.0.2.1"))).isEmpty();
    }
}
