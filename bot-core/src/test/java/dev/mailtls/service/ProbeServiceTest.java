package dev.mailtls.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.net.Resolver;
import dev.mailtls.probe.ConnectGate;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.Prober;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cache, dedupe, throttles and bounded waits, with a fake clock and latches: time is advanced, never slept. */
@Timeout(60)
class ProbeServiceTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Prober prober = new Prober(TestResolver.loopback("mail.test", "other.test"), Clock.systemUTC());

    private static ProbeRequest request(String host, int port) {
        ProbeOptions o =
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false);
        return new ProbeRequest(host, port, Protocol.SMTP, Transport.PLAIN, o);
    }

    private ProbeService service(ServiceLimits limits) {
        return new ProbeService(prober, limits, now::get);
    }

    private static ServiceLimits generous() {
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        return new ServiceLimits(Duration.ofMinutes(5), 16, 200, lots, lots, lots);
    }

    private static ScriptedMailServer smtp() {
        return ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
    }

    @Test
    void hundredConcurrentIdenticalRequestsMakeOneProbe() throws Exception {
        // The probe is held on a latch until every caller has asked: none can finish it early.
        CountDownLatch asked = new CountDownLatch(100);
        HeldProber held = new HeldProber();
        AtomicInteger shared = new AtomicInteger();
        AtomicInteger cached = new AtomicInteger();
        ProbeListener listener = new ProbeListener() {
            @Override
            public void shared(ProbeRequest request, ServiceResult.Probed result) {
                shared.incrementAndGet();
            }

            @Override
            public void cacheHit(ProbeRequest request, ServiceResult.Probed result) {
                cached.incrementAndGet();
            }
        };
        try (ProbeService service = held.service(generous(), listener);
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServiceResult>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String who = "user-" + i;
                results.add(callers.submit(() -> {
                    asked.countDown();
                    return service.submit(request("mail.test", 2525), who, false);
                }));
            }
            assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            held.release.countDown();
            for (Future<ServiceResult> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(ServiceResult.Probed.class);
            }
            assertThat(held.calls.get()).isEqualTo(1);
            // Each of the others shared the one probe, or came after it and found its result cached.
            assertThat(shared.get() + cached.get()).isEqualTo(99);
        }
    }

    @Test
    void aFleetOfConcurrentProbesAllResolveWhenTheConcurrencyIsRaised() throws Exception {
        // 200 probes at once, whose lookups each wait until all 200 have asked (or 5 s): the prober's
        // default room for 64 outstanding lookups would fail the rest at once with DNS_ERROR.
        int fleet = 200;
        CountDownLatch allAsked = new CountDownLatch(fleet);
        Resolver slow = host -> {
            allAsked.countDown();
            try {
                allAsked.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(InetAddress.getLoopbackAddress());
        };
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Rate lots = new Rate(100_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ZERO, fleet, fleet, lots, lots, lots);
        try (ProbeService service = new ProbeService(new Prober(slow, Clock.systemUTC()), limits, now::get);
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServiceResult>> results = new ArrayList<>();
            for (int i = 0; i < fleet; i++) {
                String host = "t" + i + ".fleet.test";
                results.add(callers.submit(() -> service.submitForGroup(request(host, closedPort), "group:fleet")));
            }
            List<FailureCode> codes = new ArrayList<>();
            for (Future<ServiceResult> f : results) {
                ServiceResult r = f.get(30, TimeUnit.SECONDS);
                assertThat(r).isInstanceOf(ServiceResult.Probed.class);
                ProbeResult p = ((ServiceResult.Probed) r).result();
                codes.add(p.failure() == null ? null : p.failure().code());
            }

            assertThat(allAsked.getCount()).isZero();
            assertThat(codes).doesNotContain(FailureCode.DNS_ERROR).containsOnly(FailureCode.CONNECT_REFUSED);
        }
        assertThat(ProbeService.outstandingLookups(ServiceLimits.defaults())).isEqualTo(64);
        assertThat(ProbeService.outstandingLookups(limits)).isEqualTo(800);
    }

    @Test
    void resultsCarryWhoAskedAndWhenAndTheListenerHearsEveryOutcome() {
        Instant at = Instant.parse("2026-11-29T08:00:00Z");
        List<String> heard = new CopyOnWriteArrayList<>();
        ProbeListener listener = new ProbeListener() {
            @Override
            public void probed(ProbeRequest request, ServiceResult.Probed result, long elapsedNanos) {
                heard.add("probed " + result.asked().requester());
            }

            @Override
            public void cacheHit(ProbeRequest request, ServiceResult.Probed result) {
                heard.add("cache " + result.asked().requester());
            }

            @Override
            public void throttled(ProbeRequest request, ServiceResult.Throttled refusal) {
                heard.add("throttled " + refusal.asked().requester());
            }
        };
        Rate lots = new Rate(100, Duration.ofMinutes(1));
        ServiceLimits limits =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, lots, new Rate(1, Duration.ofMinutes(1)), lots);
        try (ScriptedMailServer server = smtp();
                ProbeService service =
                        new ProbeService(prober, limits, now::get, Clock.fixed(at, ZoneOffset.UTC), listener)) {
            ServiceResult first = service.submit(request("mail.test", server.port()), "alice", true);
            ServiceResult second = service.submit(request("mail.test", server.port()), "bob", false);
            ServiceResult third = service.submit(request("mail.test", server.port()), "bob", true);
            service.submit(request("mail.test", server.port()), "bob", true);

            assertThat(first.asked()).isEqualTo(new ServiceResult.Asked("alice", at));
            assertThat(second.asked()).isEqualTo(new ServiceResult.Asked("bob", at));
            assertThat(third).isInstanceOf(ServiceResult.Probed.class);
            assertThat(heard).containsExactly("probed alice", "cache bob", "probed bob", "throttled bob");
        }
    }

    @Test
    void groupRunsSkipTheCacheAndPeoplesLimitsButNotTheServersBudget() {
        Rate one = new Rate(1, Duration.ofHours(1));
        ServiceLimits limits =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, one, one, new Rate(3, Duration.ofMinutes(1)));
        try (ScriptedMailServer server = smtp();
                ProbeService service = service(limits)) {
            service.submit(request("mail.test", server.port()), "alice", false);
            ServiceResult first = service.submitForGroup(request("mail.test", server.port()), "group:edge");
            // Another name of the same server, as a scan of other.test would ask: the same budget.
            ServiceResult second = service.submitForGroup(request("other.test", server.port()), "group:scan");
            assertThat(((ServiceResult.Probed) first).cachedAge()).isNull();
            assertThat(second).isInstanceOf(ServiceResult.Probed.class);
            assertThat(server.connections()).isEqualTo(3);
            ServiceResult fourth = service.submitForGroup(request("mail.test", server.port()), "group:edge");
            assertThat(fourth).isInstanceOf(ServiceResult.Throttled.class);
            assertThat(((ServiceResult.Throttled) fourth).reason()).contains("127.0.0.1");
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void repeatWithinTheTtlIsServedFromTheCacheWithItsAge() {
        try (ScriptedMailServer server = smtp();
                ProbeService service = service(generous())) {
            ServiceResult first = service.submit(request("mail.test", server.port()), "alice", false);
            assertThat(((ServiceResult.Probed) first).cachedAge()).isNull();
            now.addAndGet(Duration.ofSeconds(42).toNanos());
            ServiceResult second = service.submit(request("mail.test", server.port()), "bob", false);
            assertThat(((ServiceResult.Probed) second).cachedAge()).isEqualTo(Duration.ofSeconds(42));
            assertThat(server.connections()).isEqualTo(1);

            now.addAndGet(Duration.ofMinutes(5).toNanos());
            ServiceResult third = service.submit(request("mail.test", server.port()), "bob", false);
            assertThat(((ServiceResult.Probed) third).cachedAge()).isNull();
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void freshReprobesUnderAStricterLimit() {
        Rate lots = new Rate(100, Duration.ofMinutes(1));
        ServiceLimits limits =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, lots, new Rate(2, Duration.ofMinutes(1)), lots);
        try (ScriptedMailServer server = smtp();
                ProbeService service = service(limits)) {
            service.submit(request("mail.test", server.port()), "alice", false);
            assertThat(service.submit(request("mail.test", server.port()), "alice", true))
                    .isInstanceOf(ServiceResult.Probed.class);
            assertThat(service.submit(request("mail.test", server.port()), "alice", true))
                    .isInstanceOf(ServiceResult.Probed.class);
            ServiceResult third = service.submit(request("mail.test", server.port()), "alice", true);
            assertThat(third).isInstanceOf(ServiceResult.Throttled.class);
            assertThat(((ServiceResult.Throttled) third).retryAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(((ServiceResult.Throttled) third).message()).contains("try again in 30 s");
            assertThat(server.connections()).isEqualTo(3);

            // The cache still answers, and time refills the bucket.
            assertThat(service.submit(request("mail.test", server.port()), "alice", false))
                    .isInstanceOf(ServiceResult.Probed.class);
            now.addAndGet(Duration.ofSeconds(30).toNanos());
            assertThat(service.submit(request("mail.test", server.port()), "alice", true))
                    .isInstanceOf(ServiceResult.Probed.class);
        }
    }

    @Test
    void oneRequesterIsThrottled() {
        Rate lots = new Rate(100, Duration.ofMinutes(1));
        ServiceLimits limits =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, new Rate(2, Duration.ofMinutes(1)), lots, lots);
        try (ScriptedMailServer a = smtp();
                ScriptedMailServer b = smtp();
                ScriptedMailServer c = smtp();
                ProbeService service = service(limits)) {
            assertThat(service.submit(request("mail.test", a.port()), "mallory", false))
                    .isInstanceOf(ServiceResult.Probed.class);
            assertThat(service.submit(request("mail.test", b.port()), "mallory", false))
                    .isInstanceOf(ServiceResult.Probed.class);
            assertThat(service.submit(request("mail.test", c.port()), "mallory", false))
                    .isInstanceOf(ServiceResult.Throttled.class);
            assertThat(service.submit(request("mail.test", c.port()), "alice", false))
                    .isInstanceOf(ServiceResult.Probed.class);
            assertThat(c.connections()).isEqualTo(1);
        }
    }

    @Test
    void oneServerIsNeverHammeredHoweverItIsSpelled() throws Exception {
        // Names, an IPv4 literal, the IPv4-mapped spellings and an IPv4-compatible IPv6 address:
        // each of them is 127.0.0.1, the one server behind them.
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        byte[] compatible = new byte[16];
        compatible[12] = 127;
        compatible[15] = 1;
        TestResolver resolver = new TestResolver()
                .add("mail.test", loopback)
                .add("other.test", loopback)
                .add("::ffff:127.0.0.1", InetAddress.getByName("::ffff:127.0.0.1"))
                .add("::ffff:7f00:1", InetAddress.getByName("[::ffff:7f00:1]"))
                .add("compat.test", Inet6Address.getByAddress(null, compatible, -1));
        List<String> spellings =
                List.of("mail.test", "other.test", "127.0.0.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "compat.test");
        Rate lots = new Rate(100, Duration.ofMinutes(1));
        ServiceLimits limits =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, lots, lots, new Rate(2, Duration.ofMinutes(1)));
        try (ScriptedMailServer server = smtp();
                ProbeService service = new ProbeService(new Prober(resolver, Clock.systemUTC()), limits, now::get)) {
            List<ServiceResult> results = new ArrayList<>();
            for (int i = 0; i < spellings.size(); i++) {
                results.add(service.submit(request(spellings.get(i), server.port()), "user-" + i, true));
            }
            assertThat(results.subList(0, 2)).allSatisfy(r -> assertThat(r).isInstanceOf(ServiceResult.Probed.class));
            assertThat(results.subList(2, spellings.size()))
                    .allSatisfy(
                            r -> assertThat(r)
                                    .isInstanceOfSatisfying(
                                            ServiceResult.Throttled.class,
                                            t -> assertThat(t.message())
                                                    .isEqualTo(
                                                            "mailtls has connected to 127.0.0.1 often just now: try again in 30 s")));
            // Nor can a group run (a scan, a schedule) add to it.
            assertThat(service.submitForGroup(request("other.test", server.port()), "group:scan"))
                    .isInstanceOf(ServiceResult.Throttled.class);
            assertThat(server.connections()).isEqualTo(2);

            // A refusal is never cached: once the budget has room, the same request probes.
            now.addAndGet(Duration.ofSeconds(30).toNanos());
            assertThat(service.submit(request("[::ffff:7f00:1]", server.port()), "user-0", false))
                    .isInstanceOf(ServiceResult.Probed.class);
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void everyConnectionOfAProbeCountsAgainstTheServersBudget() {
        // A port that accepts and stays silent gets a second connection (does it speak implicit TLS?).
        Rate lots = new Rate(100, Duration.ofMinutes(1));
        ServiceLimits limits =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, lots, lots, new Rate(3, Duration.ofMinutes(1)));
        ProbeOptions quick = request("mail.test", 25).options().withDeadline(Duration.ofSeconds(2));
        try (FaultServer silent = FaultServer.silent();
                ProbeService service = service(limits)) {
            ProbeRequest r = new ProbeRequest("mail.test", silent.port(), Protocol.SMTP, Transport.PLAIN, quick);
            assertThat(service.submit(r, "alice", true)).isInstanceOf(ServiceResult.Probed.class);
            assertThat(silent.connections()).isEqualTo(2);
            // The third connection is the second probe's first; its second look is over budget.
            ServiceResult second = service.submit(r, "bob", true);
            assertThat(second).isInstanceOf(ServiceResult.Throttled.class);
            assertThat(((ServiceResult.Throttled) second).reason()).contains("127.0.0.1");
            assertThat(silent.connections()).isEqualTo(3);
        }
    }

    @Test
    void overTheConcurrencyBoundCallersAreToldToRetry() throws Exception {
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ofMinutes(5), 1, 1, lots, lots, lots);
        HeldProber held = new HeldProber();
        try (ProbeService service = held.service(limits, ProbeListener.NONE);
                var callers = Executors.newVirtualThreadPerTaskExecutor();
                AutoCloseable unhold = held.release::countDown) {
            CompletionService<ServiceResult> answers = new ExecutorCompletionService<>(callers);
            for (int i = 0; i < 4; i++) {
                // Different ports are different targets: no dedupe.
                ProbeRequest r = request("mail.test", 2525 + i);
                answers.submit(() -> service.submit(r, "someone", false));
            }
            // One probe runs and one waits for its slot, both held: the first two answers are the
            // two refusals, whatever the order the four arrived in.
            for (int i = 0; i < 2; i++) {
                Future<ServiceResult> f = answers.poll(10, TimeUnit.SECONDS);
                assertThat(f).isNotNull();
                assertThat(f.get())
                        .isInstanceOfSatisfying(
                                ServiceResult.Throttled.class,
                                t -> assertThat(t.retryAfter()).isEqualTo(ProbeService.BUSY_RETRY));
            }
            held.release.countDown();
            for (int i = 0; i < 2; i++) {
                Future<ServiceResult> f = answers.poll(10, TimeUnit.SECONDS);
                assertThat(f).isNotNull();
                assertThat(f.get()).isInstanceOf(ServiceResult.Probed.class);
            }
            assertThat(held.calls.get()).isEqualTo(2);
        }
    }

    @Test
    void anErrorFromTheProberReachesTheCallerAndFreesTheSlot() throws Exception {
        // One slot and no queue: a slot or a queue place the Error kept would refuse the next probe.
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ofMinutes(5), 1, 0, lots, lots, lots);
        AtomicInteger calls = new AtomicInteger();
        GatedProber overflowing = (r, gate) -> {
            if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError("a probe that recursed too deep");
            }
            return ProbeResults.builder(r.host(), r.port(), Protocol.SMTP, Transport.PLAIN)
                    .build();
        };
        try (ProbeService service = new ProbeService(
                        overflowing,
                        limits,
                        now::get,
                        Clock.systemUTC(),
                        ProbeListener.NONE,
                        ProbeService.WAIT_MARGIN);
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ServiceResult> first =
                    callers.submit(() -> service.submit(request("mail.test", 2525), "alice", false));
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(StackOverflowError.class);
            // Nothing is left in flight to join, and the slot is free again.
            Future<ServiceResult> again =
                    callers.submit(() -> service.submit(request("mail.test", 2525), "bob", false));
            assertThat(again.get(10, TimeUnit.SECONDS)).isInstanceOf(ServiceResult.Probed.class);
            assertThat(calls.get()).isEqualTo(2);
        }
    }

    @Test
    void aProbeThatNeverReturnsIsGivenUpOnAtEachCallersDeadline() throws Exception {
        // A 300 ms deadline and a 200 ms margin: nobody waits much past half a second.
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ofMinutes(5), 1, 4, lots, lots, lots);
        HeldProber stuck = new HeldProber();
        ProbeRequest r = new ProbeRequest(
                "mail.test",
                2525,
                Protocol.SMTP,
                Transport.PLAIN,
                request("mail.test", 2525).options().withDeadline(Duration.ofMillis(300)));
        try (ProbeService service = new ProbeService(
                        stuck, limits, now::get, Clock.systemUTC(), ProbeListener.NONE, Duration.ofMillis(200));
                var callers = Executors.newVirtualThreadPerTaskExecutor();
                AutoCloseable unstick = stuck.release::countDown) {
            Future<ServiceResult> owner = callers.submit(() -> service.submit(r, "alice", false));
            assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).isTrue();
            Future<ServiceResult> joiner = callers.submit(() -> service.submit(r, "bob", false));
            for (Future<ServiceResult> f : List.of(owner, joiner)) {
                assertThat(f.get(10, TimeUnit.SECONDS))
                        .isInstanceOfSatisfying(
                                ServiceResult.Throttled.class,
                                t -> assertThat(t.message())
                                        .startsWith(
                                                "the probe of mail.test:2525 did not finish in time: try again in"));
            }
            // The stuck probe keeps the only slot: a caller waiting for it is told to retry, in time.
            ProbeRequest other = new ProbeRequest("mail.test", 2526, Protocol.SMTP, Transport.PLAIN, r.options());
            Future<ServiceResult> queued = callers.submit(() -> service.submit(other, "carol", false));
            assertThat(queued.get(10, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(
                            ServiceResult.Throttled.class,
                            t -> assertThat(t.retryAfter()).isEqualTo(ProbeService.BUSY_RETRY));
            assertThat(stuck.calls.get()).isEqualTo(1);
        }
    }

    @Test
    void realCredentialsAreNeverCached() {
        try (ScriptedMailServer server = smtp();
                ProbeService service = service(generous())) {
            ProbeRequest base = request("mail.test", server.port());
            ProbeRequest withCreds = new ProbeRequest(
                    base.host(),
                    base.port(),
                    base.protocol(),
                    base.transport(),
                    base.options().withAuthProbe(true, new Credentials("alice", "pw"), false));
            service.submit(withCreds, "alice", false);
            service.submit(withCreds, "alice", false);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(((ServiceResult.Probed) service.submit(base, "alice", false)).cachedAge())
                    .isNull();
        }
    }

    /**
     * A prober that counts its calls and holds each probe until {@link #release} opens, deaf to
     * interrupts like a probe stuck where no deadline reaches: a probe in flight for exactly as
     * long as a test needs, with no sleep.
     */
    private final class HeldProber implements GatedProber {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public ProbeResult probe(ProbeRequest request, ConnectGate gate) {
            calls.incrementAndGet();
            entered.countDown();
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return ProbeResults.builder(request.host(), request.port(), Protocol.SMTP, Transport.PLAIN)
                    .build();
        }

        ProbeService service(ServiceLimits limits, ProbeListener listener) {
            return new ProbeService(this, limits, now::get, Clock.systemUTC(), listener, ProbeService.WAIT_MARGIN);
        }
    }
}
