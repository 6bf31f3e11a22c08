package dev.mailtls.http;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.domain.DomainDns;
import dev.mailtls.frontend.Webhook;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeListener;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.TrustEvaluator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A {@link WebServer} wired as {@code serve} wires it, over a test resolver and a fake monotonic
 * clock, with one API token. Build it, then hand {@link #web()}'s Javalin to JavalinTest.
 */
final class TestServer implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789";
    static final String BEARER = "Bearer " + TOKEN;

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ProbeService service;
    final WebServer web;
    private final ProbeService domainService;

    private TestServer(Builder b) {
        Diagnoser diagnoser = new Diagnoser();
        AddressPolicy policy = AddressPolicy.strict(b.allow, List.of(), b.ports);
        Prober prober = new Prober(b.resolver, Clock.systemUTC(), policy);
        service = new ProbeService(
                prober, b.limits, nanos::get, Clock.systemUTC(), new ProbeMetrics(registry, diagnoser));
        ProbeOptions options = ProbeOptions.defaults()
                .withDeadline(Duration.ofSeconds(5))
                .withLegacyTlsCheck(false)
                .withCaFile(b.caFile);
        HttpSettings settings =
                new HttpSettings(ApiTokens.of(List.of(TOKEN)), b.anonymousPage, b.maxBodyBytes, 5, options, List.of());
        // A domain check probes each MX address on port 25. Its probes go through a service whose
        // address policy denies loopback and every special-purpose range, so in tests each ends
        // ADDRESS_DENIED without a connection, whatever mail server may listen on 127.0.0.1:25; the
        // MTA-STS fetch is under the same strict policy. The limits and the clock are this server's.
        AddressPolicy denyAll = AddressPolicy.strict(List.of(), List.of(), AddressPolicy.MAIL_PORTS);
        domainService = new ProbeService(
                new Prober(TestServer::literal, Clock.systemUTC(), denyAll),
                b.limits,
                nanos::get,
                Clock.systemUTC(),
                ProbeListener.NONE);
        DomainChecks domains = b.domainDns == null
                ? null
                : new DomainChecks(
                        b.domainDns,
                        domainService,
                        diagnoser,
                        options,
                        AddressPolicy.strict(List.of(), List.of(), Set.of(443)),
                        TrustEvaluator.jdkDefaults(null),
                        Duration.ofSeconds(10),
                        Clock.systemUTC());
        web = new WebServer(
                settings, service, diagnoser, registry, b.readiness, b.webhooks, b.groups, b.connectionLimits, domains);
    }

    /** A domain check probes MX addresses, never names: resolved without a lookup, as the system resolver does. */
    private static List<java.net.InetAddress> literal(String host) throws java.net.UnknownHostException {
        if (!dev.mailtls.endpoint.Target.isIpLiteral(host)) {
            throw new java.net.UnknownHostException(host + ": a domain check's probe names an address (test)");
        }
        return List.of(java.net.InetAddress.getByName(host));
    }

    static Builder builder() {
        return new Builder();
    }

    WebServer web() {
        return web;
    }

    @Override
    public void close() {
        service.close();
        domainService.close();
    }

    static final class Builder {
        TestResolver resolver = TestResolver.loopback("mail.test", "other.test");
        List<Cidr> allow = List.of(Cidr.parse("127.0.0.0/8"));
        Set<Integer> ports = ANY_PORT;
        ServiceLimits limits = generous();
        boolean anonymousPage = true;
        int maxBodyBytes = HttpSettings.DEFAULT_MAX_BODY_BYTES;
        Readiness readiness = Readiness.ALWAYS;
        List<Webhook> webhooks = List.of();
        GroupRuns groups = GroupRuns.NONE;
        ConnectionLimits connectionLimits = ConnectionLimits.defaults();

        @org.jspecify.annotations.Nullable
        DomainDns domainDns;

        /** Domain checks over {@code dns}; without, the server has none (503). */
        Builder domains(DomainDns dns) {
            domainDns = dns;
            return this;
        }

        Builder connectionLimits(ConnectionLimits l) {
            connectionLimits = l;
            return this;
        }

        Builder groups(GroupRuns g) {
            groups = g;
            return this;
        }

        Builder webhooks(List<Webhook> w) {
            webhooks = w;
            return this;
        }

        java.nio.file.@org.jspecify.annotations.Nullable Path caFile;

        /** Extra trusted CAs, as MAILTLS_CA_FILE gives them. */
        Builder caFile(java.nio.file.Path pem) {
            caFile = pem;
            return this;
        }

        /** The strict policy with nothing allowed: what {@code serve} runs with by default. */
        Builder strict() {
            allow = List.of();
            ports = AddressPolicy.MAIL_PORTS;
            return this;
        }

        /** Allow loopback on these ports only. */
        Builder ports(Set<Integer> p) {
            ports = p;
            return this;
        }

        Builder resolver(TestResolver r) {
            resolver = r;
            return this;
        }

        Builder limits(ServiceLimits l) {
            limits = l;
            return this;
        }

        Builder anonymousPage(boolean on) {
            anonymousPage = on;
            return this;
        }

        Builder maxBodyBytes(int n) {
            maxBodyBytes = n;
            return this;
        }

        Builder readiness(Readiness r) {
            readiness = r;
            return this;
        }

        TestServer build() {
            return new TestServer(this);
        }
    }

    static final Set<Integer> ANY_PORT =
            IntStream.rangeClosed(1, 65535).boxed().collect(Collectors.toUnmodifiableSet());

    static ServiceLimits generous() {
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        return new ServiceLimits(Duration.ofMinutes(5), 64, 1000, lots, lots, lots);
    }
}
