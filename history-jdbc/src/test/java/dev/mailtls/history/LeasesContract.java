package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.lease.Lease;
import dev.mailtls.lease.LeaseTiming;
import dev.mailtls.lease.Leases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases in {@code service_lease} as two servers (two stores, two pools) on one database see them;
 * one subclass per database. Real time with short leases: a run takes seconds.
 */
@Timeout(60)
abstract class LeasesContract {
    static final String NAME = "discord-gateway";
    static final LeaseTiming FAST = new LeaseTiming(
            Duration.ofMillis(2000), Duration.ofMillis(200), Duration.ofMillis(1200), Duration.ofSeconds(4));

    private TestDatabase database;
    private final List<JdbcHistoryStore> opened = new ArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    abstract TestDatabase newDatabase(Path directory);

    @BeforeEach
    void openDatabase(@TempDir Path directory) {
        database = newDatabase(directory);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(JdbcHistoryStore::close);
    }

    /** A server's store: its own pool on the shared database. */
    private JdbcHistoryStore server() {
        JdbcHistoryStore store = database.open();
        opened.add(store);
        return store;
    }

    @Test
    void aFreeLeaseIsTakenRenewedByItsHolderAndRefusedToAnother() throws Exception {
        Leases a = server().leases();
        Leases b = server().leases();

        assertThat(a.acquire(NAME, "a", Duration.ofSeconds(30))).isTrue();
        Instant acquired = row("acquired_at");
        assertThat(b.acquire(NAME, "b", Duration.ofSeconds(30))).isFalse();
        Thread.sleep(20);
        assertThat(a.acquire(NAME, "a", Duration.ofSeconds(30))).isTrue();

        assertThat(holder()).isEqualTo("a");
        assertThat(row("acquired_at")).isEqualTo(acquired);
        assertThat(Duration.between(acquired, row("expires_at"))).isGreaterThan(Duration.ofSeconds(29));
        assertThat(a.acquire("another-lease", "b", Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void aLeaseWhoseTimeRanOutIsTakenOverByAnother() throws Exception {
        Leases a = server().leases();
        Leases b = server().leases();
        assertThat(a.acquire(NAME, "a", Duration.ofMillis(300))).isTrue();
        Instant first = row("acquired_at");

        Thread.sleep(500);

        assertThat(b.acquire(NAME, "b", Duration.ofSeconds(30))).isTrue();
        assertThat(a.acquire(NAME, "a", Duration.ofSeconds(30))).isFalse();
        assertThat(holder()).isEqualTo("b");
        assertThat(row("acquired_at")).isAfter(first);
    }

    @Test
    void onlyTheHolderReleasesAndThenAnotherTakesItAtOnce() throws Exception {
        Leases a = server().leases();
        Leases b = server().leases();
        assertThat(a.acquire(NAME, "a", Duration.ofSeconds(30))).isTrue();

        b.release(NAME, "b");
        assertThat(holder()).isEqualTo("a");
        a.release(NAME, "a");

        assertThat(holder()).isNull();
        assertThat(b.acquire(NAME, "b", Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void serversRacingForAFreeLeaseYieldExactlyOneHolder() throws Exception {
        List<Leases> servers = List.of(server().leases(), server().leases());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> takes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Leases leases = servers.get(i % 2);
                String holder = "server-" + i;
                takes.add(threads.submit(() -> {
                    go.await();
                    return leases.acquire(NAME, holder, Duration.ofSeconds(30));
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> take : takes) {
                won += take.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Started and stopped work, with the time of each change. */
    private static final class Work implements Lease.Work {
        volatile long started;
        volatile long stopped;
        volatile int starts;
        volatile boolean running;

        @Override
        public void start() {
            started = System.nanoTime();
            starts++;
            running = true;
        }

        @Override
        public void stop() {
            stopped = System.nanoTime();
            running = false;
        }
    }

    private Lease hold(JdbcHistoryStore store, Work work) {
        return Lease.hold(store.leases(), NAME, FAST, work, log::add, log::add);
    }

    @Test
    void ofTwoServersOneHoldsItAndTheOtherTakesOverAtItsNextAskAfterAGracefulStop() throws Exception {
        Work workA = new Work();
        Work workB = new Work();
        Lease a = hold(server(), workA);
        await(a::held);
        try (Lease b = hold(server(), workB)) {
            Thread.sleep(FAST.renewEvery().multipliedBy(4).toMillis());
            assertThat(b.held()).isFalse();
            assertThat(workB.starts).isZero();
            assertThat(holder()).isEqualTo(a.holder());

            long stop = System.nanoTime();
            a.close();
            assertThat(holder()).isNotEqualTo(a.holder());
            await(b::held);

            assertThat(workA.running).isFalse();
            assertThat(Duration.ofNanos(workB.started - stop))
                    .isLessThan(FAST.renewEvery().multipliedBy(5))
                    .isLessThan(FAST.ttl());
            assertThat(holder()).isEqualTo(b.holder());
        }
        assertThat(holder()).isNull();
    }

    @Test
    void aHolderWhoseDatabaseIsGoneStopsBeforeItsLeaseEndsAndTheOtherTakesOverOnlyAfterIt() throws Exception {
        JdbcHistoryStore storeA = server();
        Work workA = new Work();
        Work workB = new Work();
        try (Lease a = hold(storeA, workA);
                Lease b = hold(server(), workB)) {
            await(a::held);
            Thread.sleep(FAST.renewEvery().multipliedBy(2).toMillis());
            assertThat(b.held()).isFalse();

            // A dies as far as the database knows: no renewal, no release.
            long gone = System.nanoTime();
            storeA.close();
            await(() -> !workA.running);
            await(b::held);

            // A stopped before its lease could run out; B started only once it had, not at its next
            // ask (within one renewEvery).
            assertThat(Duration.ofNanos(workA.stopped - gone)).isLessThan(FAST.ttl());
            assertThat(workB.started).isGreaterThan(workA.stopped);
            assertThat(Duration.ofNanos(workB.started - gone))
                    .isGreaterThan(FAST.ttl().dividedBy(2))
                    .isLessThan(FAST.ttl().plus(FAST.renewEvery().multipliedBy(10)));
            assertThat(holder()).isEqualTo(b.holder());
            assertThat(log).anyMatch(l -> l.contains("lost: no renewal succeeded"));
        }
    }

    private @org.jspecify.annotations.Nullable String holder() throws SQLException {
        try (Connection c = database.connect();
                PreparedStatement select = c.prepareStatement("SELECT holder FROM service_lease WHERE name = ?")) {
            select.setString(1, NAME);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private Instant row(String column) throws SQLException {
        try (Connection c = database.connect();
                PreparedStatement select =
                        c.prepareStatement("SELECT " + column + " FROM service_lease WHERE name = ?")) {
            select.setString(1, NAME);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return SqlValues.requiredInstant(row, column);
            }
        }
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 15 s").isNegative();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
