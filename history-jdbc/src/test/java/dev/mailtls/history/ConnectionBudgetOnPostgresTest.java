package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeListener;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.service.SharedBudget;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers (two probe services, each with its own pool) on one real PostgreSQL, probing one local
 * mail server at once: together they connect no more often than the per-address budget allows one
 * server, where each on its own budget would connect that often; and when the database goes away
 * each falls back to its own budget at once, without refusing every probe or hanging.
 */
@Timeout(120)
class ConnectionBudgetOnPostgresTest {
    @RegisterExtension
    static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

    private static final Rate LOTS = new Rate(10_000, Duration.ofMinutes(1));
    /** Three connections a minute to one address: three probes (no TLS 1.0/1.1 check). */
    private static final ServiceLimits LIMITS =
            new ServiceLimits(Duration.ofMinutes(5), 16, 100, LOTS, LOTS, new Rate(3, Duration.ofMinutes(1)));

    private static final int PROBES_EACH = 5;

    private static ProbeService server(@Nullable SharedBudget shared) {
        Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC());
        return shared == null
                ? new ProbeService(prober, LIMITS, ProbeListener.NONE)
                : new ProbeService(prober, LIMITS, ProbeListener.NONE, shared);
    }

    private static ProbeRequest request(ScriptedMailServer mail) {
        ProbeOptions options =
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false);
        return new ProbeRequest("mail.test", mail.port(), Protocol.SMTP, Transport.PLAIN, options);
    }

    /** Both servers probe {@link #PROBES_EACH} times each, at the same moment; every result. */
    private static List<ServiceResult> probeTogether(ScriptedMailServer mail, ProbeService a, ProbeService b)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<ServiceResult>>> runs = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ProbeService server : List.of(a, b)) {
                runs.add(threads.submit(() -> {
                    go.await();
                    List<ServiceResult> results = new ArrayList<>();
                    for (int i = 0; i < PROBES_EACH; i++) {
                        // A group's probe: never from the cache, not under the per-requester limits.
                        results.add(server.submitForGroup(request(mail), "edge"));
                    }
                    return results;
                }));
            }
            go.countDown();
            List<ServiceResult> all = new ArrayList<>();
            for (Future<List<ServiceResult>> run : runs) {
                all.addAll(run.get());
            }
            return all;
        }
    }

    private static long probed(List<ServiceResult> results) {
        return results.stream().filter(r -> r instanceof ServiceResult.Probed).count();
    }

    private static void assertRefusedForTheAddress(List<ServiceResult> results, int refused) {
        List<ServiceResult.Throttled> throttled = results.stream()
                .filter(r -> r instanceof ServiceResult.Throttled)
                .map(r -> (ServiceResult.Throttled) r)
                .toList();
        assertThat(throttled).hasSize(refused).allSatisfy(t -> {
            assertThat(t.reason()).isEqualTo("mailtls has connected to 127.0.0.1 often just now");
            assertThat(t.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
        });
    }

    @Test
    void twoServersOnOneDatabaseConnectOnlyAsOftenAsOneBudgetAllows() throws Exception {
        String url = POSTGRES.cluster().createDatabase();
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                JdbcHistoryStore storeA = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null);
                JdbcHistoryStore storeB = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null);
                ProbeService a = server(storeA.connectionBudget());
                ProbeService b = server(storeB.connectionBudget())) {
            List<ServiceResult> results = probeTogether(mail, a, b);

            assertThat(mail.connections()).isEqualTo(3);
            assertThat(probed(results)).isEqualTo(3);
            assertRefusedForTheAddress(results, 2 * PROBES_EACH - 3);
        }
    }

    @Test
    void eachServerOnItsOwnBudgetConnectsAsOftenAsTheBudgetAllowsOne() throws Exception {
        // What the shared budget replaces: two replicas, twice the connections to one server.
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                ProbeService a = server(null);
                ProbeService b = server(null)) {
            List<ServiceResult> results = probeTogether(mail, a, b);

            assertThat(mail.connections()).isEqualTo(6);
            assertThat(probed(results)).isEqualTo(6);
            assertRefusedForTheAddress(results, 2 * PROBES_EACH - 6);
        }
    }

    @Test
    void whileTheDatabaseIsAwayEachServerKeepsItsOwnBudgetWithoutWaitingForIt() throws Exception {
        String url = POSTGRES.cluster().createDatabase();
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                JdbcHistoryStore storeA = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null);
                JdbcHistoryStore storeB = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null);
                ProbeService a = server(storeA.connectionBudget());
                ProbeService b = server(storeB.connectionBudget())) {
            // Both have connections in their pools, which the outage cuts.
            assertThat(a.submitForGroup(request(mail), "edge")).isInstanceOf(ServiceResult.Probed.class);
            assertThat(b.submitForGroup(request(mail), "edge")).isInstanceOf(ServiceResult.Probed.class);
            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");

            long began = System.nanoTime();
            List<ServiceResult> results = probeTogether(mail, a, b);
            Duration took = Duration.ofNanos(System.nanoTime() - began);

            // Each on its own budget of three: six more connections, not none, and no wait for the
            // database beyond its short timeouts (once per server: the next 10 s are decided locally).
            assertThat(mail.connections()).isEqualTo(2 + 6);
            assertThat(probed(results)).isEqualTo(6);
            assertRefusedForTheAddress(results, 2 * PROBES_EACH - 6);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        POSTGRES.cluster().url("postgres"), PostgresCluster.SUPERUSER, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
