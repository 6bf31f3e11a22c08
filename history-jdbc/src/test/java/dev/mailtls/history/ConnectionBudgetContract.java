package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.service.Rate;
import dev.mailtls.service.SharedBudget.Bucket;
import dev.mailtls.service.SharedBudget.Shortfall;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection budget's SQL (GCRA, one row per bucket), run on each database: it grants what the
 * in-memory token bucket grants, with the same waits, all or nothing, across stores (replicas).
 */
abstract class ConnectionBudgetContract {
    static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    static final Rate THREE_A_MINUTE = new Rate(3, Duration.ofMinutes(1));
    static final Rate TWO_A_MINUTE = new Rate(2, Duration.ofMinutes(1));

    abstract TestDatabase newDatabase(Path directory);

    @TempDir
    Path directory;

    final TickingClock clock = new TickingClock(T0);
    TestDatabase database;
    final List<JdbcHistoryStore> stores = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = newDatabase(directory);
    }

    @AfterEach
    void closeStores() {
        stores.forEach(JdbcHistoryStore::close);
    }

    JdbcConnectionBudget replica() {
        JdbcHistoryStore store = database.open(clock);
        stores.add(store);
        return store.connectionBudget();
    }

    static Optional<Shortfall> take(JdbcConnectionBudget budget, Bucket... buckets) {
        return budget.take(List.of(buckets));
    }

    static Duration waitOf(Optional<Shortfall> s) {
        return s.orElseThrow().retryAfter();
    }

    @Test
    void aFullBucketGrantsItsPermitsAtOnceThenWaitsAsTheInMemoryBucketDoes() {
        JdbcConnectionBudget budget = replica();
        Bucket a = new Bucket("a:192.0.2.1", THREE_A_MINUTE);
        assertThat(take(budget, a)).isEmpty();
        assertThat(take(budget, a)).isEmpty();
        assertThat(take(budget, a)).isEmpty();
        // RateLimiter: 0 tokens, one every 20 s.
        assertThat(take(budget, a)).contains(new Shortfall(a, Duration.ofSeconds(20)));
        clock.advance(Duration.ofSeconds(19));
        assertThat(waitOf(take(budget, a))).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(take(budget, a)).isEmpty();
        assertThat(waitOf(take(budget, a))).isEqualTo(Duration.ofSeconds(20));
        // Refilled evenly, never above the bucket's size.
        clock.advance(Duration.ofMinutes(10));
        assertThat(take(budget, a)).isEmpty();
        assertThat(take(budget, a)).isEmpty();
        assertThat(take(budget, a)).isEmpty();
        assertThat(waitOf(take(budget, a))).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aRateThatDoesNotDivideItsWindowNeverGrantsMoreThanItsPermits() {
        JdbcConnectionBudget budget = replica();
        Bucket a = new Bucket("a:192.0.2.1", new Rate(7, Duration.ofMinutes(1)));
        for (int i = 0; i < 7; i++) {
            assertThat(take(budget, a)).isEmpty();
        }
        assertThat(waitOf(take(budget, a))).isBetween(Duration.ofMillis(8571), Duration.ofMillis(8572));
    }

    @Test
    void whenTheNetworkRefusesTheAddressKeepsItsPermit() throws SQLException {
        JdbcConnectionBudget budget = replica();
        Bucket x = new Bucket("a:192.0.2.1", THREE_A_MINUTE);
        Bucket y = new Bucket("a:192.0.2.2", THREE_A_MINUTE);
        Bucket network = new Bucket("n:192.0.2.0/24", TWO_A_MINUTE);
        assertThat(take(budget, x, network)).isEmpty();
        assertThat(take(budget, x, network)).isEmpty();
        assertThat(take(budget, y, network)).contains(new Shortfall(network, Duration.ofSeconds(30)));
        // Rolled back: 192.0.2.2 has no row yet, so all three of its permits.
        assertThat(rows()).containsExactlyInAnyOrder("a:192.0.2.1", "n:192.0.2.0/24");
        assertThat(take(budget, y)).isEmpty();
        assertThat(take(budget, y)).isEmpty();
        assertThat(take(budget, y)).isEmpty();
        assertThat(take(budget, y)).isPresent();
        // 192.0.2.1 took two: one left, and refused by the network it takes none.
        assertThat(take(budget, x, network)).isPresent();
        assertThat(take(budget, x)).isEmpty();
        assertThat(take(budget, x)).isPresent();
    }

    @Test
    void aRefusalOfTheFirstBucketTakesNothingFromTheNext() {
        JdbcConnectionBudget budget = replica();
        Bucket deep = new Bucket("da:192.0.2.1", new Rate(1, Duration.ofMinutes(5)));
        Bucket a = new Bucket("a:192.0.2.1", TWO_A_MINUTE);
        assertThat(take(budget, deep, a)).isEmpty();
        assertThat(take(budget, deep, a)).contains(new Shortfall(deep, Duration.ofMinutes(5)));
        assertThat(take(budget, a)).isEmpty();
        assertThat(take(budget, a)).isPresent();
    }

    @Test
    void aRefundGivesBackOnePermitAndNeverFillsAboveTheSize() {
        JdbcConnectionBudget budget = replica();
        Bucket a = new Bucket("a:192.0.2.1", THREE_A_MINUTE);
        budget.refund(a);
        assertThat(take(budget, a)).isEmpty();
        budget.refund(a);
        budget.refund(a);
        for (int i = 0; i < 3; i++) {
            assertThat(take(budget, a)).isEmpty();
        }
        assertThat(take(budget, a)).isPresent();
        budget.refund(a);
        assertThat(take(budget, a)).isEmpty();
        assertThat(take(budget, a)).isPresent();
    }

    @Test
    void twoReplicasDrawOnOneBudget() {
        JdbcConnectionBudget one = replica();
        JdbcConnectionBudget two = replica();
        Bucket a = new Bucket("a:192.0.2.1", THREE_A_MINUTE);
        assertThat(take(one, a)).isEmpty();
        assertThat(take(two, a)).isEmpty();
        assertThat(take(one, a)).isEmpty();
        assertThat(waitOf(take(two, a))).isEqualTo(Duration.ofSeconds(20));
        assertThat(waitOf(take(one, a))).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void replicasRacingForOneBucketGetExactlyItsPermits() throws Exception {
        List<JdbcConnectionBudget> replicas = List.of(replica(), replica());
        Bucket a = new Bucket("a:192.0.2.1", THREE_A_MINUTE);
        Bucket network = new Bucket("n:192.0.2.0/24", new Rate(12, Duration.ofMinutes(1)));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Shortfall>>> takes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 16; i++) {
                JdbcConnectionBudget r = replicas.get(i % 2);
                takes.add(threads.submit(() -> {
                    go.await();
                    return r.take(List.of(a, network));
                }));
            }
            go.countDown();
            int granted = 0;
            for (Future<Optional<Shortfall>> f : takes) {
                Optional<Shortfall> s = f.get();
                if (s.isEmpty()) {
                    granted++;
                } else {
                    assertThat(s.get().bucket()).isEqualTo(a);
                }
            }
            assertThat(granted).isEqualTo(3);
        }
        // The network gave exactly three too: nine left.
        Bucket other = new Bucket("a:192.0.2.2", new Rate(100, Duration.ofMinutes(1)));
        int more = 0;
        while (take(replicas.get(0), other, network).isEmpty()) {
            more++;
        }
        assertThat(more).isEqualTo(9);
    }

    @Test
    void rowsOfBucketsFullForAnHourArePrunedAndTheBucketStaysFull() throws SQLException {
        JdbcConnectionBudget budget = replica();
        Bucket old = new Bucket("a:192.0.2.1", THREE_A_MINUTE);
        Bucket recent = new Bucket("a:192.0.2.2", THREE_A_MINUTE);
        assertThat(take(budget, old)).isEmpty();
        clock.advance(JdbcConnectionBudget.PRUNE_AFTER.plusMinutes(5));
        // Some take prunes every 10 minutes: this one, the first since.
        assertThat(take(budget, recent)).isEmpty();
        assertThat(rows()).containsExactly("a:192.0.2.2");
        for (int i = 0; i < 3; i++) {
            assertThat(take(budget, old)).isEmpty();
        }
        assertThat(take(budget, old)).isPresent();
    }

    List<String> rows() throws SQLException {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT bucket_key FROM connect_budget")) {
            List<String> keys = new ArrayList<>();
            while (r.next()) {
                keys.add(r.getString(1));
            }
            return keys;
        }
    }
}
