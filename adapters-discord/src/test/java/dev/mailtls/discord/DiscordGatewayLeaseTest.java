package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.frontend.FrontEndContext;
import dev.mailtls.history.JdbcHistoryStore;
import dev.mailtls.history.PostgresCluster;
import dev.mailtls.lease.Lease;
import dev.mailtls.lease.LeaseTiming;
import dev.mailtls.lease.Leases;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.testing.TestResolver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import net.dv8tion.jda.api.JDA;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers with the Discord gateway configured, sharing one history database: only the holder
 * of the lease {@code discord-gateway} connects (a fake JDA stands for Discord), the other connects
 * once the first stops, and a server that cannot renew closes its gateway and opens a new one when
 * it holds the lease again. Short lease timings, real time: seconds per test.
 */
@Timeout(60)
class DiscordGatewayLeaseTest {
    private static final DiscordSettings GATEWAY =
            new DiscordSettings("bot-token", null, null, null, DiscordSettings.DEFAULT_API_URL);
    private static final LeaseTiming FAST = new LeaseTiming(
            Duration.ofMillis(2000), Duration.ofMillis(200), Duration.ofMillis(1200), Duration.ofSeconds(2));

    private final Rate lots = new Rate(10_000, Duration.ofMinutes(1));
    private final ProbeService service = new ProbeService(
            new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC()),
            new ServiceLimits(Duration.ofMinutes(5), 4, 16, lots, lots, lots));
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeService() {
        service.close();
    }

    /** Discord as this server's fake gateway sees it: each connection is a new session. */
    private static final class FakeDiscord implements DiscordGateway.Connect {
        final List<JDA> sessions = new CopyOnWriteArrayList<>();

        volatile boolean reachable = true;

        @Override
        public JDA connect(String token, Object... listeners) {
            JDA session = mock(JDA.class);
            // Reachable: the session connects; else JDA keeps trying to log in.
            when(session.getStatus()).thenReturn(reachable ? JDA.Status.CONNECTED : JDA.Status.LOGGING_IN);
            sessions.add(session);
            return session;
        }
    }

    private DiscordFrontEnd server(DiscordSettings settings, Leases leases, FakeDiscord discord) {
        ProbeOptions options = ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5));
        FrontEndContext context = new FrontEndContext(
                service,
                new Diagnoser(),
                options,
                new GroupRunner(service, new Diagnoser(), options),
                null,
                null,
                leases);
        return new DiscordFrontEnd(settings, context, FAST, discord, Duration.ofMillis(100));
    }

    @Test
    void onlyOneOfTwoServersConnectsTheGatewayAndTheOtherConnectsOnceItStops(@TempDir Path data) throws Exception {
        try (JdbcHistoryStore storeA = JdbcHistoryStore.embedded(data);
                JdbcHistoryStore storeB = JdbcHistoryStore.embedded(data)) {
            oneGatewayAtATime(storeA, storeB);
        }
    }

    /** The same with two servers on one real PostgreSQL (skipped without one, unless interop is required). */
    @Nested
    class OnPostgres {
        @RegisterExtension
        static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

        @Test
        void onlyOneOfTwoServersConnectsTheGatewayAndTheOtherConnectsOnceItStops() throws Exception {
            String url = POSTGRES.cluster().createDatabase();
            try (JdbcHistoryStore storeA = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null);
                    JdbcHistoryStore storeB = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null)) {
                oneGatewayAtATime(storeA, storeB);
            }
        }
    }

    /** Two servers, each with its own store of one database: one gateway, handed over at a stop. */
    private void oneGatewayAtATime(JdbcHistoryStore storeA, JdbcHistoryStore storeB) throws Exception {
        FakeDiscord discordA = new FakeDiscord();
        FakeDiscord discordB = new FakeDiscord();
        DiscordFrontEnd a = server(GATEWAY, storeA.leases(), discordA);
        DiscordFrontEnd b = server(GATEWAY, storeB.leases(), discordB);
        try {
            a.start(log::add, log::add);
            await(() -> discordA.sessions.size() == 1);
            b.start(log::add, log::add);
            Thread.sleep(FAST.renewEvery().multipliedBy(5).toMillis());

            assertThat(discordB.sessions).isEmpty();
            assertThat(a.holdsGateway()).isTrue();
            assertThat(b.holdsGateway()).isFalse();
            assertThat(b.leases()).isEqualTo(Map.of("discord-gateway", false));
            assertThat(log).anyMatch(l -> l.startsWith("Discord: lease discord-gateway: another server holds it"));

            long stopped = System.nanoTime();
            a.close();
            verify(discordA.sessions.get(0)).shutdown();
            await(() -> discordB.sessions.size() == 1);

            // At B's next ask, not when A's lease would have run out.
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(FAST.ttl());
            assertThat(b.holdsGateway()).isTrue();
            assertThat(discordA.sessions).hasSize(1);
        } finally {
            a.close();
            b.close();
        }
        verify(discordB.sessions.get(0)).shutdown();
    }

    @Test
    void aServerWhoseGatewayNeverConnectsGivesTheLeaseToAnotherThatCan(@TempDir Path data) throws Exception {
        try (JdbcHistoryStore storeA = JdbcHistoryStore.embedded(data);
                JdbcHistoryStore storeB = JdbcHistoryStore.embedded(data)) {
            FakeDiscord cutOff = new FakeDiscord();
            cutOff.reachable = false;
            FakeDiscord fine = new FakeDiscord();
            DiscordFrontEnd a = server(GATEWAY, storeA.leases(), cutOff);
            DiscordFrontEnd b = server(GATEWAY, storeB.leases(), fine);
            try {
                a.start(log::add, log::add);
                await(() -> cutOff.sessions.size() == 1);
                b.start(log::add, log::add);
                // A holds the lease but never connects: after a few lease lengths it gives it up.
                long deadline = System.nanoTime()
                        + FAST.ttl().multipliedBy(Lease.UNHEALTHY_TURNS + 4).toNanos();
                while (fine.sessions.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(fine.sessions).hasSize(1);
                assertThat(b.holdsGateway()).isTrue();
                verify(cutOff.sessions.get(0)).shutdown();
                assertThat(log).anyMatch(l -> l.contains("giving it up for another server"));
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** A server's leases whose database stops answering, and answers again. */
    private static final class Outage implements Leases {
        final Leases database;
        volatile boolean down;

        Outage(Leases database) {
            this.database = database;
        }

        @Override
        public boolean acquire(String name, String holder, Duration ttl) {
            if (down) {
                throw new IllegalStateException("the history database does not answer");
            }
            return database.acquire(name, holder, ttl);
        }

        @Override
        public void release(String name, String holder) {
            database.release(name, holder);
        }
    }

    @Test
    void aServerThatCannotRenewClosesItsGatewayAndOpensANewOneWhenItHoldsTheLeaseAgain(@TempDir Path data) {
        try (JdbcHistoryStore store = JdbcHistoryStore.embedded(data)) {
            FakeDiscord discord = new FakeDiscord();
            Outage leases = new Outage(store.leases());
            DiscordFrontEnd a = server(GATEWAY, leases, discord);
            try {
                a.start(log::add, log::add);
                await(() -> discord.sessions.size() == 1);

                long down = System.nanoTime();
                leases.down = true;
                await(() -> !a.holdsGateway());

                // Closed before its lease could run out and another server connect.
                assertThat(Duration.ofNanos(System.nanoTime() - down)).isLessThan(FAST.ttl());
                verify(discord.sessions.get(0)).shutdown();

                leases.down = false;
                await(() -> discord.sessions.size() == 2);
                assertThat(a.holdsGateway()).isTrue();
                verify(discord.sessions.get(1), never()).shutdown();
            } finally {
                a.close();
            }
            verify(discord.sessions.get(1)).shutdown();
        }
    }

    @Test
    void httpInteractionsTakeNoLease(@TempDir Path data) {
        DiscordSettings interactions =
                new DiscordSettings(null, "0".repeat(64), "1100", null, DiscordSettings.DEFAULT_API_URL);
        try (JdbcHistoryStore store = JdbcHistoryStore.embedded(data)) {
            FakeDiscord discord = new FakeDiscord();
            DiscordFrontEnd a = server(interactions, store.leases(), discord);
            a.start(log::add, log::add);

            assertThat(a.leases()).isEmpty();
            assertThat(a.webhooks()).hasSize(1);
            assertThat(discord.sessions).isEmpty();
            // Nobody holds the lease: a gateway server elsewhere would take it at once.
            assertThat(store.leases().acquire("discord-gateway", "elsewhere", Duration.ofSeconds(1)))
                    .isTrue();
            a.close();
        }
    }

    private static void await(BooleanSupplier condition) {
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
