package dev.mailtls.http;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.service.ProbeListener;
import dev.mailtls.service.ServiceResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The service's Prometheus metrics: {@code mailtls_probes_total} by protocol, transport, outcome
 * (ok, warning, failure) and trigger (who asked: {@code group} for a target group's runs,
 * scheduled or not; {@code slack}, {@code discord}, {@code api}, {@code page} for people; so that
 * alerts can look at watched targets only), {@code mailtls_probe_duration_seconds} as a histogram,
 * {@code mailtls_cache_hits_total}, {@code mailtls_shared_probes_total} and
 * {@code mailtls_throttled_total}. Labels come from our own enums, never from server text or
 * user input, so a caller cannot blow up the number of series.
 */
public final class ProbeMetrics implements ProbeListener {
    private final MeterRegistry registry;
    private final Diagnoser diagnoser;
    private final Counter cacheHits;
    private final Counter shared;
    private final Counter throttled;

    public ProbeMetrics(MeterRegistry registry, Diagnoser diagnoser) {
        this.registry = registry;
        this.diagnoser = diagnoser;
        this.cacheHits = Counter.builder("mailtls.cache.hits")
                .description("Requests answered from the result cache")
                .register(registry);
        this.shared = Counter.builder("mailtls.shared.probes")
                .description("Requests that joined an identical probe already running")
                .register(registry);
        this.throttled = Counter.builder("mailtls.throttled")
                .description("Requests refused by a throttle or the queue bound")
                .register(registry);
    }

    @Override
    public void probed(ProbeRequest request, ServiceResult.Probed probed, long elapsedNanos) {
        ProbeResult r = probed.result();
        String protocol = r.target().protocol() == null
                ? "unknown"
                : r.target().protocol().id();
        String transport = r.target().transport() == null
                ? "unknown"
                : r.target().transport().id();
        String outcome = Report.of(r, diagnoser).status().id();
        Counter.builder("mailtls.probes")
                .description("Probes run, by protocol, transport and outcome")
                .tag("protocol", protocol)
                .tag("transport", transport)
                .tag("outcome", outcome)
                .tag("trigger", trigger(probed.asked().requester()))
                .register(registry)
                .increment();
        Timer.builder("mailtls.probe.duration")
                .description("Wall-clock time of a probe")
                .tag("protocol", protocol)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(Duration.ofMillis(r.totalMs()));
    }

    @Override
    public void cacheHit(ProbeRequest request, ServiceResult.Probed result) {
        cacheHits.increment();
    }

    @Override
    public void shared(ProbeRequest request, ServiceResult.Probed result) {
        shared.increment();
    }

    @Override
    public void throttled(ProbeRequest request, ServiceResult.Throttled refusal) {
        throttled.increment();
    }

    /**
     * The {@code trigger} label of a requester: the part before its first colon ({@code group:NAME},
     * {@code slack:TEAM:USER}, {@code discord:GUILD:USER}, {@code token:ID}, {@code ip:ADDRESS}),
     * mapped onto a closed set so that no caller can add series.
     */
    static String trigger(String requester) {
        int colon = requester.indexOf(':');
        String kind = colon < 0 ? requester : requester.substring(0, colon);
        return switch (kind) {
            case "group" -> "group";
            case "slack" -> "slack";
            case "discord" -> "discord";
            case "token" -> "api";
            case "ip" -> "page";
            default -> "other";
        };
    }
}
