package dev.mailtls.app;

import dev.mailtls.frontend.FrontEnd;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code mailtls_lease_held{lease}}: 1 while this server holds a lease its front ends take (the
 * Discord gateway's, {@code discord-gateway}), else 0; no series for a front end that takes none.
 * Across replicas, {@code max without (instance)} is 1 while one of them does the work.
 */
final class LeaseMetrics implements MultiCollector {
    private final List<FrontEnd> frontEnds;

    LeaseMetrics(List<FrontEnd> frontEnds) {
        this.frontEnds = List.copyOf(frontEnds);
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Boolean> leases = new TreeMap<>();
        frontEnds.forEach(f -> leases.putAll(f.leases()));
        GaugeSnapshot.Builder held = GaugeSnapshot.builder()
                .name("mailtls_lease_held")
                .help("1 while this server holds the lease (work one server at a time may do), else 0");
        leases.forEach((name, holds) -> held.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("lease", name))
                .value(holds ? 1 : 0)
                .build()));
        return leases.isEmpty() ? MetricSnapshots.of() : MetricSnapshots.of(held.build());
    }
}
