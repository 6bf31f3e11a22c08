package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.summary.CronSchedule;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupTarget;
import dev.mailtls.summary.HistoryStore;
import dev.mailtls.summary.ScheduledGroup;
import dev.mailtls.summary.TargetSnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The metrics of watched targets (the configured groups' targets, and the MX hosts of their domain
 * lines), read from the history store when Prometheus scrapes, at most every {@link #FRESH}. A
 * scheduled run happens on the one replica that claimed its slot, but every replica reads the same
 * shared history, so every replica exports the same series: dashboards and alerts take {@code max
 * without (instance)}. Labels come from the configuration and the stored rows only (groups, their
 * targets, the MX hosts their domains publish), never from a person's input, so the number of series
 * is bounded by the configured groups.
 *
 * <p>Per target ({@code group}, {@code target} as host:port, {@code protocol}, {@code transport}):
 * {@code mailtls_target_status} (0 ok, 1 warning, 2 failure), {@code
 * mailtls_target_certificate_days_left}, {@code mailtls_target_certificate_expiry_timestamp_seconds},
 * {@code mailtls_target_last_run_timestamp_seconds}, {@code mailtls_target_failing_runs} (the
 * latest runs in a row in which it failed) and {@code mailtls_target_worst_hint_info} (its worst
 * hint's code as the label {@code code}, {@code none} when it has none). Per group: {@code
 * mailtls_group_last_run_timestamp_seconds}, {@code mailtls_group_last_run_duration_seconds},
 * {@code mailtls_group_targets} by {@code status}, and for scheduled groups {@code
 * mailtls_group_next_run_due_timestamp_seconds} (when the next scheduled run is due after the last
 * scheduled one). {@code mailtls_history_up} is 0 when the history could not be read.
 */
final class WatchedMetrics implements MultiCollector {
    /** How long one reading of the history serves scrapes (Prometheus, several replicas, a page). */
    static final Duration FRESH = Duration.ofSeconds(15);

    /** How many runs back {@code mailtls_target_failing_runs} counts at most. */
    static final int RUNS_BACK = 10;

    private static final String[] TARGET_LABELS = {"group", "target", "protocol", "transport"};

    private final List<ScheduledGroup> groups;
    private final HistoryStore store;
    private final Clock clock;
    private final LongSupplier nanos;
    private final Instant started;
    private @Nullable Reading reading;

    /** One row of a group's latest run, with its labels. */
    record Row(
            String group, String target, String protocol, String transport, TargetSnapshot snapshot, int failingRuns) {
        Labels labels() {
            return Labels.of(TARGET_LABELS, new String[] {group, target, protocol, transport});
        }
    }

    /** What one group's history says. */
    record GroupFacts(
            String group,
            @Nullable GroupRun latest,
            @Nullable Instant nextRunDue,
            List<Row> rows) {}

    private record Reading(long atNanos, boolean ok, List<GroupFacts> groups) {}

    WatchedMetrics(List<ScheduledGroup> groups, HistoryStore store, Clock clock, LongSupplier nanos) {
        this.groups = List.copyOf(groups);
        this.store = store;
        this.clock = clock;
        this.nanos = nanos;
        this.started = clock.instant();
    }

    WatchedMetrics(List<ScheduledGroup> groups, HistoryStore store) {
        this(groups, store, Clock.systemUTC(), System::nanoTime);
    }

    @Override
    public MetricSnapshots collect() {
        Reading r = read();
        Instant now = clock.instant();
        Map<String, GaugeSnapshot.Builder> gauges = new LinkedHashMap<>();
        InfoSnapshot.Builder worst = InfoSnapshot.builder()
                .name("mailtls_target_worst_hint")
                .help("The code of a watched target's worst hint in its latest run (none when it has none)");
        gauge(gauges, "mailtls_history_up", "1 when the history of the groups could be read, else 0")
                .dataPoint(point(Labels.EMPTY, r.ok() ? 1 : 0));
        for (GroupFacts g : r.groups()) {
            Labels group = Labels.of("group", g.group());
            GroupRun latest = g.latest();
            if (latest != null) {
                gauge(gauges, "mailtls_group_last_run_timestamp_seconds", "When the group's latest run started")
                        .dataPoint(point(group, seconds(latest.startedAt())));
                latest.duration()
                        .ifPresent(d -> gauge(
                                        gauges,
                                        "mailtls_group_last_run_duration_seconds",
                                        "How long the group's latest run took")
                                .dataPoint(point(group, d.toNanos() / 1e9)));
                Map<Status, Integer> byStatus = new LinkedHashMap<>();
                for (Status s : Status.values()) {
                    byStatus.put(s, 0);
                }
                g.rows().forEach(row -> byStatus.merge(row.snapshot().status(), 1, Integer::sum));
                byStatus.forEach((status, n) -> gauge(
                                gauges, "mailtls_group_targets", "The group's targets by status in its latest run")
                        .dataPoint(point(group.add("status", status.id()), n)));
            }
            if (g.nextRunDue() != null) {
                gauge(
                                gauges,
                                "mailtls_group_next_run_due_timestamp_seconds",
                                "When the group's next scheduled run is due, after its last scheduled run")
                        .dataPoint(point(group, seconds(g.nextRunDue())));
            }
            for (Row row : g.rows()) {
                Labels labels = row.labels();
                TargetSnapshot s = row.snapshot();
                gauge(gauges, "mailtls_target_status", "A watched target's status: 0 ok, 1 warning, 2 failure")
                        .dataPoint(point(labels, s.status().exitCode()));
                gauge(gauges, "mailtls_target_last_run_timestamp_seconds", "When a watched target was last probed")
                        .dataPoint(point(labels, seconds(s.probedAt())));
                gauge(
                                gauges,
                                "mailtls_target_failing_runs",
                                "How many of the group's latest runs in a row a watched target failed in")
                        .dataPoint(point(labels, row.failingRuns()));
                if (s.certNotAfter() != null) {
                    gauge(
                                    gauges,
                                    "mailtls_target_certificate_days_left",
                                    "Days until a watched target's certificate expires (negative once expired)")
                            .dataPoint(point(
                                    labels,
                                    Duration.between(now, s.certNotAfter()).toSeconds() / 86_400.0));
                    gauge(
                                    gauges,
                                    "mailtls_target_certificate_expiry_timestamp_seconds",
                                    "When a watched target's certificate expires")
                            .dataPoint(point(labels, seconds(s.certNotAfter())));
                }
                String code = s.worst() == null ? "none" : s.worst().code();
                worst.dataPoint(InfoDataPointSnapshot.builder()
                        .labels(labels.add("code", code))
                        .build());
            }
        }
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
        gauges.values().forEach(b -> out.add(b.build()));
        out.add(worst.build());
        return new MetricSnapshots(out);
    }

    private static GaugeSnapshot.Builder gauge(Map<String, GaugeSnapshot.Builder> gauges, String name, String help) {
        return gauges.computeIfAbsent(name, n -> GaugeSnapshot.builder().name(n).help(help));
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static double seconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    /** The history as last read, read again when older than {@link #FRESH}. */
    private synchronized Reading read() {
        long t = nanos.getAsLong();
        if (reading != null && t - reading.atNanos() < FRESH.toNanos()) {
            return reading;
        }
        List<GroupFacts> facts = new ArrayList<>();
        // A database known to be down is not asked once per group (each ask could wait for the
        // pool's timeout, and the whole scrape with it): its health check is bounded and cached.
        if (store.unavailableReason().isPresent()) {
            reading = new Reading(t, false, List.of());
            return reading;
        }
        boolean ok = true;
        for (ScheduledGroup g : groups) {
            try {
                facts.add(facts(g));
            } catch (RuntimeException e) {
                // The database is down or slow: readiness says so; these series go until it answers.
                ok = false;
            }
        }
        reading = new Reading(t, ok, List.copyOf(facts));
        return reading;
    }

    GroupFacts facts(ScheduledGroup g) {
        List<GroupRun> runs = store.history(g.name(), RUNS_BACK);
        GroupRun latest = runs.isEmpty() ? null : runs.get(0);
        Instant nextDue = null;
        CronSchedule schedule = g.schedule();
        if (schedule != null) {
            // The newest scheduled run among the latest runs, else asked for (more API runs came
            // after it), else none yet: due at the first slot after this server started.
            Instant lastScheduled = runs.stream()
                    .filter(run -> run.trigger().equals("schedule"))
                    .map(GroupRun::startedAt)
                    .findFirst()
                    .or(() -> runs.size() < RUNS_BACK ? Optional.empty() : store.lastStarted(g.name(), "schedule"))
                    .orElse(started);
            nextDue = schedule.next(ZonedDateTime.ofInstant(lastScheduled, schedule.zone()))
                    .toInstant();
        }
        List<Row> rows = new ArrayList<>();
        if (latest != null) {
            Map<String, Labelling> endpoints = endpoints(g);
            Map<String, Boolean> seen = new HashMap<>();
            for (TargetSnapshot s : latest.snapshots()) {
                Labelling l = labelling(s, endpoints);
                Row row =
                        new Row(g.name(), s.hostPort(), l.protocol(), l.transport(), s, failingRuns(runs, s.target()));
                // Two rows with the same labels (one endpoint listed twice with other flags): the first.
                String key = row.target() + "\n" + row.protocol() + "\n" + row.transport();
                if (seen.putIfAbsent(key, true) == null) {
                    rows.add(row);
                }
            }
        }
        return new GroupFacts(g.name(), latest, nextDue, List.copyOf(rows));
    }

    private record Labelling(String protocol, String transport) {}

    /** The configured endpoints by their text, with the protocol and transport they are probed with. */
    private static Map<String, Labelling> endpoints(ScheduledGroup g) {
        Map<String, Labelling> out = new HashMap<>();
        try {
            for (GroupTarget t : g.group().entries()) {
                if (t instanceof GroupTarget.Endpoint e) {
                    var c = e.command();
                    Optional<Protocol> protocol = Optional.ofNullable(c.protocol())
                            .or(() -> WellKnownPorts.protocolOf(c.port()))
                            .or(() -> WellKnownPorts.protocolOfHost(c.host()));
                    Optional<Transport> transport =
                            Optional.ofNullable(c.transport()).or(() -> WellKnownPorts.transportOf(c.port()));
                    out.put(
                            e.text(),
                            new Labelling(
                                    protocol.map(Protocol::id).orElse("auto"),
                                    transport.map(Transport::id).orElse("auto")));
                }
            }
        } catch (UsageException e) {
            // Checked when the server started; a group that no longer parses has no endpoints here.
        }
        return out;
    }

    /**
     * The labels of a row: a configured endpoint's from its configuration (stable from run to run,
     * whatever a run found); a domain line's own row is {@code domain}/{@code none}; its MX and
     * service rows are named by their port.
     */
    private static Labelling labelling(TargetSnapshot s, Map<String, Labelling> endpoints) {
        Labelling configured = endpoints.get(s.target());
        if (configured != null) {
            return configured;
        }
        if (s.posture() != null) {
            return new Labelling("domain", "none");
        }
        int colon = s.hostPort().lastIndexOf(':');
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(s.hostPort().substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        return new Labelling(
                WellKnownPorts.protocolOf(port).map(Protocol::id).orElse("auto"),
                WellKnownPorts.transportOf(port).map(Transport::id).orElse("auto"));
    }

    /** In how many of the newest runs in a row (up to {@link #RUNS_BACK}) the target failed. */
    private static int failingRuns(List<GroupRun> newestFirst, String target) {
        int n = 0;
        for (GroupRun run : newestFirst) {
            Optional<TargetSnapshot> s = run.snapshots().stream()
                    .filter(x -> x.target().equals(target))
                    .findFirst();
            if (s.isEmpty() || s.get().status() != Status.FAILURE) {
                break;
            }
            n++;
        }
        return n;
    }
}
