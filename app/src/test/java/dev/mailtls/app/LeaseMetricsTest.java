package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.frontend.FrontEnd;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Whether this server holds its front ends' leases (the Discord gateway's), as Prometheus sees it. */
class LeaseMetricsTest {
    private static FrontEnd frontEnd(Map<String, Boolean> leases) {
        return new FrontEnd() {
            @Override
            public void start(Consumer<String> info, Consumer<String> error) {}

            @Override
            public Map<String, Boolean> leases() {
                return leases;
            }

            @Override
            public String describe() {
                return "test";
            }

            @Override
            public void close() {}
        };
    }

    private static String scrape(List<FrontEnd> frontEnds) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.getPrometheusRegistry().register(new LeaseMetrics(frontEnds));
        return registry.scrape();
    }

    @Test
    void aLeaseIsOneWhileHeldAndZeroOtherwiseReadAtEachScrape() {
        AtomicBoolean holds = new AtomicBoolean(true);
        FrontEnd discord = new FrontEnd() {
            @Override
            public void start(Consumer<String> info, Consumer<String> error) {}

            @Override
            public Map<String, Boolean> leases() {
                return Map.of("discord-gateway", holds.get());
            }

            @Override
            public String describe() {
                return "discord";
            }

            @Override
            public void close() {}
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.getPrometheusRegistry().register(new LeaseMetrics(List.of(frontEnd(Map.of()), discord)));

        assertThat(registry.scrape()).contains("mailtls_lease_held{lease=\"discord-gateway\"} 1.0");
        holds.set(false);
        assertThat(registry.scrape()).contains("mailtls_lease_held{lease=\"discord-gateway\"} 0.0");
    }

    @Test
    void frontEndsThatTakeNoLeaseExportNothing() {
        assertThat(scrape(List.of(frontEnd(Map.of())))).doesNotContain("mailtls_lease_held");
    }
}
