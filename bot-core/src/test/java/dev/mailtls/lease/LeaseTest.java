package dev.mailtls.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leases held by several servers over one store, in real time with short timings: one holder at a
 * time, a hand-over at the next ask after a close, a holder that cannot renew stops its work before
 * its lease runs out, and losses back off.
 */
@Timeout(30)
class LeaseTest {
    private static final LeaseTiming FAST = new LeaseTiming(
            Duration.ofMillis(1200), Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofMillis(1600));

    private final List<String> log = new CopyOnWriteArrayList<>();

    /** Counts starts and stops, and fails the test if started twice without a stop in between. */
    private static final class Counting implements Lease.Work {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        volatile long lastStop;
        volatile long lastStart;

        @Override
        public void start() {
            assertThat(starts.get()).isEqualTo(stops.get());
            lastStart = System.nanoTime();
            starts.incrementAndGet();
        }

        @Override
        public void stop() {
            lastStop = System.nanoTime();
            stops.incrementAndGet();
        }

        boolean running() {
            return starts.get() > stops.get();
        }
    }

    private Lease hold(Leases leases, Lease.Work work) {
        return Lease.hold(leases, "discord-gateway", FAST, work, log::add, log::add);
    }

    @Test
    void aLocalLeaseIsHeldAtOnceAndItsWorkStopsOnClose() {
        Counting work = new Counting();
        Lease lease = hold(Leases.local(), work);
        await(lease::held, Duration.ofSeconds(5));
        assertThat(work.running()).isTrue();

        lease.close();
        lease.close();

        assertThat(lease.held()).isFalse();
        assertThat(work.starts).hasValue(1);
        assertThat(work.stops).hasValue(1);
    }

    @Test
    void aWorkThatFailsToStartIsStartedAgainAtTheNextRenewalAndAFailingStopEndsTheHold() {
        AtomicInteger tries = new AtomicInteger();
        Counting counting = new Counting();
        Lease.Work flaky = new Lease.Work() {
            @Override
            public void start() {
                if (tries.incrementAndGet() < 3) {
                    throw new IllegalStateException("cannot connect yet");
                }
                counting.start();
            }

            @Override
            public void stop() {
                counting.stop();
                throw new IllegalStateException("stop failed");
            }
        };
        MemoryLeases store = new MemoryLeases();
        Lease lease = hold(store, flaky);
        await(lease::held, Duration.ofSeconds(5));
        assertThat(tries).hasValue(3);
        assertThat(log)
                .filteredOn(l -> l.contains("its work did not start (cannot connect yet)"))
                .hasSize(2);

        lease.close();
        assertThat(lease.held()).isFalse();
        assertThat(counting.stops).hasValue(1);
        assertThat(log).anyMatch(l -> l.contains("stopping its work failed (stop failed)"));
        assertThat(store.holder("discord-gateway")).isNull();
    }

    @Test
    void oneOfTwoServersHoldsItAndTheOtherTakesOverAtItsNextAskAfterAClose() throws Exception {
        MemoryLeases store = new MemoryLeases();
        Counting workA = new Counting();
        Counting workB = new Counting();
        Lease a = hold(store, workA);
        await(a::held, Duration.ofSeconds(5));
        Lease b = hold(store, workB);
        Thread.sleep(FAST.renewEvery().multipliedBy(5).toMillis());

        assertThat(b.held()).isFalse();
        assertThat(workB.starts).hasValue(0);
        assertThat(store.holder("discord-gateway")).isEqualTo(a.holder());
        assertThat(a.holder()).isNotEqualTo(b.holder());

        long closed = System.nanoTime();
        a.close();
        assertThat(workA.running()).isFalse();
        await(b::held, Duration.ofSeconds(5));

        // At b's next ask, well before a's lease would have run out.
        assertThat(Duration.ofNanos(workB.lastStart - closed)).isLessThan(FAST.ttl());
        assertThat(workB.lastStart - workA.lastStop).isPositive();
        assertThat(store.holder("discord-gateway")).isEqualTo(b.holder());
        b.close();
        assertThat(store.holder("discord-gateway")).isNull();
    }

    @Test
    void aHolderThatCannotRenewStopsItsWorkBeforeItsLeaseRunsOut() throws Exception {
        MemoryLeases store = new MemoryLeases();
        Counting work = new Counting();
        try (Lease lease = hold(store, work)) {
            await(lease::held, Duration.ofSeconds(5));
            long failedAt = System.nanoTime();
            store.fail(true);

            await(() -> !work.running(), Duration.ofSeconds(5));

            Duration stoppedAfter = Duration.ofNanos(work.lastStop - failedAt);
            assertThat(stoppedAfter)
                    .isLessThan(FAST.ttl())
                    // Not at the first failed renewal: a moment's failure does not stop the work.
                    .isGreaterThan(FAST.fenceAfter().minus(FAST.renewEvery().multipliedBy(3)));
            assertThat(lease.held()).isFalse();
            assertThat(log).anyMatch(l -> l.contains("the database does not answer"));
            assertThat(log).anyMatch(l -> l.contains("lost: no renewal succeeded"));

            store.fail(false);
            await(lease::held, Duration.ofSeconds(5));
            assertThat(work.starts).hasValue(2);
        }
    }

    @Test
    void aHolderWhoseDatabaseHangsStopsItsWorkBeforeItsLeaseRunsOut() throws Exception {
        MemoryLeases store = new MemoryLeases();
        Counting work = new Counting();
        Lease lease = hold(store, work);
        try {
            await(lease::held, Duration.ofSeconds(5));
            long hungAt = System.nanoTime();
            store.hang();

            await(() -> !work.running(), Duration.ofSeconds(5));

            assertThat(Duration.ofNanos(work.lastStop - hungAt)).isLessThan(FAST.ttl());
        } finally {
            store.unhang();
            lease.close();
        }
    }

    @Test
    void aLeaseTakenAwayIsLostAndTakenAgainOnlyAfterADoublingWait() throws Exception {
        MemoryLeases store = new MemoryLeases();
        Counting work = new Counting();
        try (Lease lease = hold(store, work)) {
            await(lease::held, Duration.ofSeconds(5));

            List<Duration> waits = new CopyOnWriteArrayList<>();
            for (int loss = 0; loss < 3; loss++) {
                int starts = work.starts.get();
                // Another server takes it for a moment (as after a pause longer than the lease):
                // longer than one renewal, so this server sees it taken.
                store.giveTo("discord-gateway", "elsewhere", FAST.renewEvery().multipliedBy(3));
                await(() -> !work.running(), Duration.ofSeconds(5));
                await(() -> work.starts.get() > starts, Duration.ofSeconds(10));
                waits.add(Duration.ofNanos(work.lastStart - work.lastStop));
            }

            // The wait counts from the start of the ask that found it lost, a moment before the work
            // was stopped: a few milliseconds of it fall before the stop measured here.
            Duration slack = Duration.ofMillis(20);
            assertThat(waits.get(0)).isGreaterThanOrEqualTo(FAST.renewEvery().minus(slack));
            assertThat(waits.get(1))
                    .isGreaterThanOrEqualTo(FAST.renewEvery().multipliedBy(2).minus(slack));
            assertThat(waits.get(2))
                    .isGreaterThanOrEqualTo(FAST.renewEvery().multipliedBy(4).minus(slack));
            assertThat(log).anyMatch(l -> l.contains("lost: another server holds it now"));
        }
    }

    @Test
    void closingWhileAnotherHoldsItReleasesNothingOfTheirs() {
        MemoryLeases store = new MemoryLeases();
        store.giveTo("discord-gateway", "elsewhere", Duration.ofMinutes(1));
        Counting work = new Counting();
        Lease lease = hold(store, work);
        await(() -> store.asks() > 1, Duration.ofSeconds(5));

        lease.close();

        assertThat(work.starts).hasValue(0);
        assertThat(store.holder("discord-gateway")).isEqualTo("elsewhere");
        assertThat(log).anyMatch(l -> l.contains("another server holds it"));
    }

    @Test
    void timingsThatCouldLetTwoServersRunAtOnceAreRefused() {
        assertThatThrownBy(() -> new LeaseTiming(
                        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fenceAfter");
        assertThatThrownBy(() -> new LeaseTiming(
                        Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseTiming(
                        Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("renewEvery");
        assertThat(LeaseTiming.DEFAULT.fenceAfter()).isLessThan(LeaseTiming.DEFAULT.ttl());
    }

    static void await(BooleanSupplier condition, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not true within " + bound.toMillis() + " ms");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
