package dev.mailtls.discord;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeListener;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.testing.FakeDomainDns;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DiscordProbe} with domain checks over {@code example.test} in memory: one MX host whose
 * loopback address the server's default policy refuses before any connection (a refusal is a
 * result, cached like any other). Counts the MX probes run and those answered from the cache.
 */
final class DomainService implements AutoCloseable {
    static final Rate LOTS = new Rate(10_000, Duration.ofMinutes(1));

    final ProbeService service;
    final DiscordProbe probe;
    final AtomicInteger probed = new AtomicInteger();
    final AtomicInteger fromCache = new AtomicInteger();

    /**
     * @param checksPerMinute how many domain checks one person may start in a minute
     * @param publicUrl the web page's public URL; null for no Open in browser button
     */
    DomainService(int checksPerMinute, @Nullable String publicUrl) {
        FakeDomainDns dns =
                new FakeDomainDns().mx("example.test", 10, "mx1.example.test").host("mx1.example.test", "127.0.0.2");
        ProbeListener counting = new ProbeListener() {
            @Override
            public void probed(ProbeRequest request, ServiceResult.Probed result, long elapsedNanos) {
                probed.incrementAndGet();
            }

            @Override
            public void cacheHit(ProbeRequest request, ServiceResult.Probed result) {
                fromCache.incrementAndGet();
            }
        };
        service = new ProbeService(
                new Prober(dns.resolver(), Clock.systemUTC(), AddressPolicy.strict(List.of(), List.of(), Set.of(25))),
                new ServiceLimits(
                        Duration.ofMinutes(5),
                        4,
                        16,
                        LOTS,
                        new Rate(checksPerMinute, Duration.ofMinutes(1)),
                        LOTS,
                        LOTS),
                counting);
        ProbeOptions options = ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5));
        probe = new DiscordProbe(
                service,
                new Diagnoser(),
                options,
                new GroupRunner(service, new Diagnoser(), options),
                publicUrl,
                dns.checks(service, Duration.ofSeconds(5)));
    }

    @Override
    public void close() {
        service.close();
    }
}
