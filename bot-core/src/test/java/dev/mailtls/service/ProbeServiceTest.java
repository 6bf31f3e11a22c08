package dev.mailtls.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.probe.Credentials;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.Prober;
import dev.mailtls.target.Protocol;
import dev.mailtls.target.Transport;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cache, dedupe and throttles, with a fake clock: time is advanced, never slept. */
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
    void hundredConcurrentIdenticalRequestsMakeOneConnection() throws Exception {
        // A slow greeting keeps the first probe in flight while the other 99 arrive.
        try (FaultServer server = FaultServer.slowGreeting(Duration.ofMillis(700), "220 mail.test ESMTP");
                ProbeService service = service(generous());
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ServiceResult>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String who = "user-" + i;
                results.add(callers.submit(() -> {
                    start.await();
                    return service.submit(request("mail.test", server.port()), who, false);
                }));
            }
            start.countDown();
            for (Future<ServiceResult> f : results) {
                assertThat(f.get()).isInstanceOf(ServiceResult.Probed.class);
            }
            assertThat(server.connections()).isEqualTo(1);
        }
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
    void groupRunsSkipTheCacheAndPeoplesLimitsButNotThePerHostOne() {
        Rate one = new Rate(1, Duration.ofHours(1));
        ServiceLimits limits =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, one, one, new Rate(3, Duration.ofMinutes(1)));
        try (ScriptedMailServer server = smtp();
                ProbeService service = service(limits)) {
            service.submit(request("mail.test", server.port()), "alice", false);
            ServiceResult first = service.submitForGroup(request("mail.test", server.port()), "group:edge");
            ServiceResult second = service.submitForGroup(request("mail.test", server.port()), "group:edge");
            assertThat(((ServiceResult.Probed) first).cachedAge()).isNull();
            assertThat(second).isInstanceOf(ServiceResult.Probed.class);
            assertThat(server.connections()).isEqualTo(3);
            ServiceResult fourth = service.submitForGroup(request("mail.test", server.port()), "group:edge");
            assertThat(fourth).isInstanceOf(ServiceResult.Throttled.class);
            assertThat(((ServiceResult.Throttled) fourth).reason()).contains("mail.test");
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
    void oneTargetHostIsNeverHammered() {
        Rate lots = new Rate(100, Duration.ofMinutes(1));
        ServiceLimits limits =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, lots, lots, new Rate(2, Duration.ofMinutes(1)));
        try (ScriptedMailServer server = smtp();
                ProbeService service = service(limits)) {
            service.submit(request("mail.test", server.port()), "a", true);
            service.submit(request("mail.test", server.port()), "b", true);
            ServiceResult third = service.submit(request("mail.test", server.port()), "c", true);
            assertThat(third).isInstanceOf(ServiceResult.Throttled.class);
            assertThat(((ServiceResult.Throttled) third).reason()).contains("mail.test");
            assertThat(service.submit(request("other.test", server.port()), "c", true))
                    .isInstanceOf(ServiceResult.Probed.class);
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void overTheConcurrencyBoundCallersAreToldToRetry() throws Exception {
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ofMinutes(5), 1, 1, lots, lots, lots);
        try (FaultServer slow = FaultServer.slowGreeting(Duration.ofMillis(800), "220 mail.test ESMTP");
                ProbeService service = service(limits);
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServiceResult>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // Different ports are different targets: no dedupe.
                ProbeRequest r = new ProbeRequest(
                        "mail.test",
                        slow.port(),
                        Protocol.SMTP,
                        Transport.PLAIN,
                        request("mail.test", slow.port()).options().withEhloName("probe" + i + ".test"));
                results.add(callers.submit(() -> service.submit(r, "someone", false)));
            }
            int throttled = 0;
            for (Future<ServiceResult> f : results) {
                if (f.get() instanceof ServiceResult.Throttled t) {
                    assertThat(t.retryAfter()).isEqualTo(ProbeService.BUSY_RETRY);
                    throttled++;
                }
            }
            assertThat(throttled).isEqualTo(2);
            assertThat(slow.connections()).isEqualTo(2);
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
}
