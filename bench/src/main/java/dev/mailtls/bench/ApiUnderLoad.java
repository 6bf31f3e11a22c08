package dev.mailtls.bench;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.http.ApiTokens;
import dev.mailtls.http.HttpSettings;
import dev.mailtls.http.ProbeMetrics;
import dev.mailtls.http.Readiness;
import dev.mailtls.http.WebServer;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.net.Resolver;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The API wired as {@code serve} wires it, in this process on 127.0.0.1 and a free port: a strict
 * address policy that allows only loopback, the real monotonic clock (so throttles refill in real
 * time), Prometheus metrics, and the given bearer tokens.
 */
final class ApiUnderLoad implements AutoCloseable {
    static final int MAX_BATCH_TARGETS = 5;
    private static final Set<Integer> ANY_PORT =
            IntStream.rangeClosed(1, 65535).boxed().collect(Collectors.toUnmodifiableSet());

    private final ProbeService service;
    private final WebServer web;

    ApiUnderLoad(Resolver resolver, ServiceLimits limits, ProbeOptions options, List<String> tokens) {
        Diagnoser diagnoser = new Diagnoser();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AddressPolicy policy = AddressPolicy.strict(List.of(Cidr.parse("127.0.0.0/8")), List.of(), ANY_PORT);
        Prober prober = new Prober(resolver, Clock.systemUTC(), policy);
        service = new ProbeService(
                prober, limits, System::nanoTime, Clock.systemUTC(), new ProbeMetrics(registry, diagnoser));
        HttpSettings settings = new HttpSettings(
                ApiTokens.of(tokens),
                false,
                HttpSettings.DEFAULT_MAX_BODY_BYTES,
                MAX_BATCH_TARGETS,
                options,
                List.of());
        web = new WebServer(settings, service, diagnoser, registry, Readiness.ALWAYS).start("127.0.0.1", 0);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + web.port());
    }

    /** Drains and stops the HTTP server, then waits for the service's probes to end. */
    @Override
    public void close() {
        try {
            web.close();
        } finally {
            service.close();
        }
    }
}
