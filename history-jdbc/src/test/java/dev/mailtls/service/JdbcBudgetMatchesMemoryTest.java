package dev.mailtls.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.history.JdbcHistoryStore;
import dev.mailtls.history.TestBudgets;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For one process, the connection budget kept in the database decides as the in-memory one does:
 * the same connections and deep probes granted, the same refusals with the same waits, over a long
 * run of takes at random moments across addresses of two networks.
 */
class JdbcBudgetMatchesMemoryTest {
    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    @TempDir
    Path directory;

    /** One time for both budgets: nanoseconds for the in-memory one, the wall clock for the database. */
    private final AtomicLong elapsed = new AtomicLong();

    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return T0.plusNanos(elapsed.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    @Test
    void aLongRunOfTakesIsDecidedAlikeInMemoryAndInTheDatabase() throws Exception {
        ServiceLimits limits = new ServiceLimits(
                        Duration.ofMinutes(5),
                        16,
                        64,
                        new Rate(20, Duration.ofMinutes(1)),
                        new Rate(3, Duration.ofMinutes(1)),
                        new Rate(3, Duration.ofMinutes(1)),
                        new Rate(5, Duration.ofMinutes(1)))
                .withDeep(new Rate(1, Duration.ofMinutes(5)), 300, 3);
        List<String> log = new ArrayList<>();
        try (JdbcHistoryStore store = TestBudgets.h2Store(directory, clock)) {
            ConnectionBudget memory = new ConnectionBudget(limits, elapsed::get);
            ConnectionBudget database = new ConnectionBudget(limits, elapsed::get, store.connectionBudget(), log::add);
            List<InetAddress> addresses = new ArrayList<>();
            for (String a : List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "198.51.100.7", "2001:db8::1")) {
                addresses.add(InetAddress.getByName(a));
            }
            Random random = new Random(20261206);
            int granted = 0;
            int refused = 0;
            for (int i = 0; i < 600; i++) {
                elapsed.addAndGet(Duration.ofMillis(random.nextInt(8_000)).toNanos());
                InetAddress at = addresses.get(random.nextInt(addresses.size()));
                boolean deep = random.nextInt(10) == 0;
                ConnectionBudget.@Nullable Held inMemory = deep ? memory.takeDeep(at) : memory.take(at);
                ConnectionBudget.@Nullable Held inDatabase = deep ? database.takeDeep(at) : database.take(at);
                String step = "take " + i + " (" + (deep ? "deep, " : "") + at.getHostAddress() + ")";
                if (inMemory == null) {
                    assertThat(inDatabase).as(step).isNull();
                    granted++;
                } else {
                    assertThat(inDatabase).as(step).isNotNull();
                    assertThat(inDatabase.where()).as(step).isEqualTo(inMemory.where());
                    assertThat(inDatabase.deep()).as(step).isEqualTo(inMemory.deep());
                    // The database counts whole microseconds.
                    assertThat(inDatabase
                                    .retryAfter()
                                    .minus(inMemory.retryAfter())
                                    .abs())
                            .as(step)
                            .isLessThanOrEqualTo(Duration.ofNanos(1_000));
                    refused++;
                }
            }
            assertThat(granted).isGreaterThan(100);
            assertThat(refused).isGreaterThan(100);
            assertThat(log).isEmpty();
        }
    }
}
