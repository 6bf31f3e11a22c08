package dev.mailtls.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ConnectGate;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.Prober;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.TlsEnumeration;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deep probes through the service: paid for up front per address, their own connections past the
 * normal probes' budget but bounded, and several fresh probes of their requester.
 */
@Timeout(120)
class DeepProbeServiceTest {
    private static final TestPki PKI = TestPki.create();

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Prober prober = new Prober(TestResolver.loopback("mail.test", "other.test"), Clock.systemUTC());

    private static ScriptedMailServer implicitTls() {
        return ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .implicitTls(true)
                .start();
    }

    private static ProbeRequest deep(String host, int port) {
        ProbeOptions o = ProbeOptions.defaults().withDeep(true).withDeadline(ProbeOptions.DEEP_DEADLINE);
        return new ProbeRequest(host, port, Protocol.SMTP, Transport.TLS, o);
    }

    private static ProbeRequest normal(String host, int port) {
        return new ProbeRequest(host, port, Protocol.SMTP, Transport.TLS, ProbeOptions.defaults());
    }

    private static TlsEnumeration enumeration(ServiceResult r) {
        assertThat(r).isInstanceOf(ServiceResult.Probed.class);
        ProbeResult p = ((ServiceResult.Probed) r).result();
        assertThat(p.failure()).as(String.valueOf(p.failure())).isNull();
        assertThat(p.tls()).isNotNull();
        assertThat(p.tls().enumeration()).isNotNull();
        return p.tls().enumeration();
    }

    @Test
    void aDeepProbeRunsWithDefaultLimitsAndTheNextOnesOfThatAddressAreThrottledWithoutStarvingNormalProbes() {
        try (ScriptedMailServer server = implicitTls();
                ProbeService service = new ProbeService(prober, ServiceLimits.defaults(), now::get)) {
            TlsEnumeration found = enumeration(service.submit(deep("mail.test", server.port()), "alice", false));
            // Far more connections than the 24 a minute of normal probes, none of them refused.
            assertThat(found.connections()).isGreaterThan(24);
            assertThat(found.unknown()).as(found.toString()).isEmpty();
            assertThat(found.accepted()).containsKeys("TLSv1.2", "TLSv1.3");
            int made = server.connections();

            // Others ask again at once, under another name of the same address: one deep probe per 5 min.
            for (String who : new String[] {"bob", "carol"}) {
                ServiceResult again = service.submit(deep("other.test", server.port()), who, true);
                assertThat(again).isInstanceOfSatisfying(ServiceResult.Throttled.class, t -> {
                    assertThat(t.message())
                            .isEqualTo("a deep probe makes up to 300 connections, so mailtls runs at most 1 of"
                                    + " 127.0.0.1 every 5 min (a normal probe can run now; a cached deep result is"
                                    + " served without limit): try again in 300 s");
                });
            }
            assertThat(server.connections())
                    .as("a refused deep probe connects nowhere")
                    .isEqualTo(made);

            // The deep probe took one connection of the normal probes' 24 a minute, nothing more: 7
            // probes with their TLS 1.0/1.1 check (3 connections each: the probe, one offer of TLS 1.0
            // and one of 1.1) still run this minute.
            for (int i = 0; i < 7; i++) {
                assertThat(service.submit(normal("other.test", server.port()), "user-" + i, true))
                        .isInstanceOf(ServiceResult.Probed.class);
            }
            // The cache serves the deep result, apart from the normal one.
            ServiceResult cached = service.submit(deep("mail.test", server.port()), "dave", false);
            assertThat(cached).isInstanceOfSatisfying(ServiceResult.Probed.class, p -> {
                assertThat(p.cachedAge()).isNotNull();
                assertThat(p.result().tls().enumeration()).isNotNull();
            });
            assertThat(((ServiceResult.Probed) service.submit(normal("other.test", server.port()), "erin", false))
                            .result()
                            .tls()
                            .enumeration())
                    .isNull();

            // Five minutes on, the address takes a deep probe again.
            now.addAndGet(Duration.ofMinutes(5).toNanos());
            enumeration(service.submit(deep("other.test", server.port()), "bob", true));
        }
    }

    @Test
    void aDeepProbeThatNeverReachedTlsGivesItsDeepPermitBack() {
        try (ScriptedMailServer plain = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                ProbeService service = new ProbeService(prober, ServiceLimits.defaults(), now::get)) {
            ProbeRequest r = new ProbeRequest(
                    "mail.test",
                    plain.port(),
                    Protocol.SMTP,
                    Transport.PLAIN,
                    deep("mail.test", 1).options());
            assertThat(service.submit(r, "alice", true)).isInstanceOf(ServiceResult.Probed.class);
            // No enumeration ran, so the address's deep probe is still to be had.
            assertThat(service.submit(r, "bob", true)).isInstanceOf(ServiceResult.Probed.class);
        }
    }

    @Test
    void aDeepProbeStaysWithinItsMostConnectionsAndSaysUnknownForTheRest() {
        ServiceLimits limits = ServiceLimits.defaults().withDeep(new Rate(1, Duration.ofMinutes(5)), 10, 3);
        try (ScriptedMailServer server = implicitTls();
                ProbeService service = new ProbeService(prober, limits, now::get)) {
            TlsEnumeration found = enumeration(service.submit(deep("mail.test", server.port()), "alice", true));
            assertThat(found.unknown()).isNotEmpty();
            assertThat(found.unknown()).anySatisfy(u -> assertThat(u).contains("has made its 10 connections"));
            // The probe's own connection, then at most 10 for the deep check (the first of them
            // is the probe's, paid for up front).
            assertThat(server.connections()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void aDeepProbeCountsAsSeveralFreshProbesOfItsRequester() {
        AtomicInteger probes = new AtomicInteger();
        GatedProber stub = (request, gate) -> {
            probes.incrementAndGet();
            return ProbeResults.builder(request.host(), request.port(), Protocol.SMTP, Transport.TLS)
                    .build();
        };
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, lots, new Rate(3, Duration.ofMinutes(1)), lots, lots);
        try (ProbeService service = new ProbeService(
                stub, limits, now::get, Clock.systemUTC(), ProbeListener.NONE, ProbeService.WAIT_MARGIN)) {
            assertThat(service.submit(deep("a.test", 465), "alice", false)).isInstanceOf(ServiceResult.Probed.class);
            ServiceResult second = service.submit(deep("b.test", 465), "alice", false);
            assertThat(second)
                    .isInstanceOfSatisfying(
                            ServiceResult.Throttled.class,
                            t -> assertThat(t.message())
                                    .isEqualTo(
                                            "a deep probe counts as 3 fresh probes, and fresh probes are limited (cached results"
                                                    + " are not): try again in 60 s"));
            // A fresh normal probe waits for one permit, not three.
            ServiceResult fresh = service.submit(normal("c.test", 465), "alice", true);
            assertThat(fresh)
                    .isInstanceOfSatisfying(
                            ServiceResult.Throttled.class,
                            t -> assertThat(t.retryAfterSeconds()).isEqualTo(20));
            // Someone else is not affected, and a cached deep result costs nothing more.
            assertThat(service.submit(deep("b.test", 465), "bob", false)).isInstanceOf(ServiceResult.Probed.class);
            assertThat(service.submit(deep("a.test", 465), "alice", false))
                    .isInstanceOfSatisfying(
                            ServiceResult.Probed.class,
                            p -> assertThat(p.cachedAge()).isNotNull());
            assertThat(probes).hasValue(2);
        }
    }

    @Test
    void aDeepGatePaysOnceForAnAddressAndANormalGateIsUnchanged() throws Exception {
        ConnectionBudget budget = new ConnectionBudget(
                ServiceLimits.defaults().withDeep(new Rate(1, Duration.ofMinutes(5)), 50, 3), now::get);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        ConnectionBudget.ProbeGate deepGate = budget.gate(true);
        for (int i = 0; i < 50; i++) {
            assertThat(deepGate.refusal(a)).as("connection " + (i + 1)).isEmpty();
        }
        assertThat(deepGate.refusal(a)).hasValueSatisfying(r -> assertThat(r).contains("50 connections"));
        // Beyond its most connections the probe goes on (it says unknown), it is not throttled.
        assertThat(deepGate.held()).isNull();
        // The deep probe took one connection of the address's 24: 23 remain for normal probes.
        ConnectGate normalGate = budget.gate(false);
        for (int i = 0; i < 23; i++) {
            assertThat(normalGate.refusal(a)).isEmpty();
        }
        assertThat(normalGate.refusal(a)).isPresent();
        // A second deep probe of the address is refused and held, as its reason says.
        ConnectionBudget.ProbeGate second = budget.gate(true);
        assertThat(second.refusal(InetAddress.getByName("::ffff:192.0.2.1"))).isPresent();
        assertThat(second.held()).isNotNull();
        assertThat(second.held().deep()).isTrue();
    }

    @Test
    void neighboursShareALooserDeepBoundOfTheirSlash24() throws Exception {
        ConnectionBudget budget = new ConnectionBudget(ServiceLimits.defaults(), now::get);
        for (int i = 1; i <= 4; i++) {
            assertThat(budget.gate(true).refusal(InetAddress.getByName("192.0.2." + i)))
                    .isEmpty();
        }
        ConnectionBudget.ProbeGate fifth = budget.gate(true);
        assertThat(fifth.refusal(InetAddress.getByName("192.0.2.5")))
                .hasValueSatisfying(r -> assertThat(r).contains("at most 4 of 192.0.2.0/24 every 5 min"));
        // The refused deep probe took nothing: 192.0.2.5 still has its normal connections and, once
        // the /24 has room, its deep probe.
        assertThat(budget.gate(false).refusal(InetAddress.getByName("192.0.2.5")))
                .isEmpty();
        now.addAndGet(Duration.ofSeconds(75).toNanos());
        assertThat(budget.gate(true).refusal(InetAddress.getByName("192.0.2.5")))
                .isEmpty();
    }

    @Test
    void deepLimitsAreValidated() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ServiceLimits.defaults().withDeep(new Rate(1, Duration.ofMinutes(5)), 0, 3))
                .withMessage("deepConnections and deepCost must be >= 1, was 0, 3");
    }

    @Test
    void firstConnectionsAtOnceToAnAddressPayForOneDeepProbe() throws Exception {
        ConnectionBudget budget = new ConnectionBudget(ServiceLimits.defaults(), now::get);
        InetAddress a = InetAddress.getByName("192.0.2.7");
        ConnectionBudget.ProbeGate gate = budget.gate(true);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<java.util.Optional<String>>> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return gate.refusal(a);
                }));
            }
            go.countDown();
            for (var f : answers) {
                assertThat(f.get()).isEmpty();
            }
        }
        assertThat(gate.held()).isNull();
        // One deep probe paid: the next is refused.
        assertThat(budget.gate(true).refusal(a)).isPresent();
    }
}
