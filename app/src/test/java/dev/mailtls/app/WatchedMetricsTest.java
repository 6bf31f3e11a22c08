package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Status;
import dev.mailtls.summary.CronSchedule;
import dev.mailtls.summary.DomainPosture;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.RowReason;
import dev.mailtls.summary.ScheduledGroup;
import dev.mailtls.summary.TargetGroup;
import dev.mailtls.summary.TargetSnapshot;
import dev.mailtls.testing.DelegatingHistoryStore;
import dev.mailtls.testing.InMemoryHistoryStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The watched targets' metrics come from the history store as Prometheus scrapes: per target and
 * per group, with labels from the configuration, the same on every replica.
 */
class WatchedMetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:30Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String MX = "mx1.example.com 25";
    private static final String IMAP = "imap.example.com 993 tls imap";
    private static final String DOMAIN = "domain:example.org";

    private final ScheduledGroup edge = new ScheduledGroup(
            new TargetGroup("edge", List.of(MX, IMAP, DOMAIN)),
            CronSchedule.parse("0 * * * *", ZoneOffset.UTC),
            List.of(),
            false);
    private final ScheduledGroup onDemand =
            new ScheduledGroup(new TargetGroup("adhoc", List.of("smtp.example.net 587")), null, List.of(), false);

    private static TargetSnapshot snapshot(
            String target, String hostPort, Instant at, Status status, Instant notAfter, String worstCode) {
        return new TargetSnapshot(
                target,
                hostPort,
                at,
                status,
                null,
                notAfter == null ? null : "TLSv1.3",
                null,
                null,
                null,
                notAfter,
                null,
                worstCode == null ? Set.of() : Set.of(worstCode),
                worstCode == null ? null : new RowReason(worstCode, "words"));
    }

    private static GroupRun run(String group, Instant started, String trigger, List<TargetSnapshot> rows) {
        return new GroupRun(0, group, started, trigger, rows, Map.of(), started.plusMillis(4_250));
    }

    private static List<TargetSnapshot> rows(Instant at, Status mxStatus) {
        TargetSnapshot domainRow = new TargetSnapshot(
                DOMAIN,
                "example.org",
                at,
                Status.WARNING,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Set.of("MTA_STS_MISSING"),
                new RowReason("MTA_STS_MISSING", "no MTA-STS"),
                new DomainPosture("listed", List.of(), null, null, "", List.of()));
        return List.of(
                snapshot(
                        MX,
                        "mx1.example.com:25",
                        at,
                        mxStatus,
                        NOW.plusSeconds(5 * 86_400 + 43_200),
                        mxStatus == Status.FAILURE ? "HANDSHAKE_FAILED" : null),
                snapshot(IMAP, "imap.example.com:993", at, Status.OK, NOW.plusSeconds(90 * 86_400), null),
                domainRow,
                snapshot(
                        "example.org MX mx.example.org 192.0.2.7",
                        "192.0.2.7:25",
                        at,
                        Status.OK,
                        NOW.plusSeconds(30 * 86_400),
                        null));
    }

    private static String scrape(WatchedMetrics metrics) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.getPrometheusRegistry().register(metrics);
        return registry.scrape();
    }

    @Test
    void everyWatchedTargetHasItsStatusCertificateLastRunAndWorstHint() {
        InMemoryHistoryStore store = new InMemoryHistoryStore(CLOCK);
        Instant t0 = Instant.parse("2026-12-06T07:00:00Z");
        store.save(run("edge", t0, "schedule", rows(t0, Status.OK)));
        store.save(run("edge", t0.plusSeconds(3600), "schedule", rows(t0.plusSeconds(3600), Status.FAILURE)));
        Instant t2 = t0.plusSeconds(7200);
        store.save(run("edge", t2, "api", rows(t2, Status.FAILURE)));

        String text = scrape(new WatchedMetrics(List.of(edge, onDemand), store, CLOCK, () -> 0));

        String mx = "group=\"edge\",protocol=\"smtp\",target=\"mx1.example.com:25\",transport=\"starttls\"";
        String imap = "group=\"edge\",protocol=\"imap\",target=\"imap.example.com:993\",transport=\"tls\"";
        assertThat(text)
                .contains("mailtls_target_status{" + mx + "} 2.0")
                .contains("mailtls_target_status{" + imap + "} 0.0")
                .contains("mailtls_target_certificate_days_left{" + mx + "} 5.5")
                .contains("mailtls_target_certificate_expiry_timestamp_seconds{" + mx + "} "
                        + (double) NOW.plusSeconds(5 * 86_400 + 43_200).getEpochSecond())
                .contains("mailtls_target_last_run_timestamp_seconds{" + mx + "} " + (double) t2.getEpochSecond())
                // Failed in the two newest runs, not in the one before.
                .contains("mailtls_target_failing_runs{" + mx + "} 2.0")
                .contains("mailtls_target_failing_runs{" + imap + "} 0.0")
                .contains("mailtls_target_worst_hint_info{code=\"HANDSHAKE_FAILED\"," + mx + "} 1")
                .contains("mailtls_target_worst_hint_info{code=\"none\"," + imap + "} 1")
                // A domain line: its own row, and each MX address by its port.
                .contains("mailtls_target_status{group=\"edge\",protocol=\"domain\",target=\"example.org\","
                        + "transport=\"none\"} 1.0")
                .contains("mailtls_target_status{group=\"edge\",protocol=\"smtp\",target=\"192.0.2.7:25\","
                        + "transport=\"starttls\"} 0.0")
                .contains("mailtls_group_last_run_timestamp_seconds{group=\"edge\"} " + (double) t2.getEpochSecond())
                .contains("mailtls_group_last_run_duration_seconds{group=\"edge\"} 4.25")
                .contains("mailtls_group_targets{group=\"edge\",status=\"failure\"} 1.0")
                .contains("mailtls_group_targets{group=\"edge\",status=\"warning\"} 1.0")
                .contains("mailtls_group_targets{group=\"edge\",status=\"ok\"} 2.0")
                // Due after the last *scheduled* run (08:00), not after the API's at 09:00.
                .contains("mailtls_group_next_run_due_timestamp_seconds{group=\"edge\"} "
                        + (double) Instant.parse("2026-12-06T09:00:00Z").getEpochSecond())
                .contains("mailtls_history_up 1.0");
        // A group that never ran and has no schedule has no series; no series has a domain's MX name.
        assertThat(text).doesNotContain("group=\"adhoc\"").doesNotContain("mx.example.org");
    }

    @Test
    void theNextRunIsDueAfterTheLastScheduledRunEvenBehindManyApiRuns() {
        InMemoryHistoryStore store = new InMemoryHistoryStore(CLOCK);
        // Scheduled at 03:00 (hourly), then the schedule broke, and more API runs than the metrics read.
        Instant t0 = Instant.parse("2026-12-06T03:00:00Z");
        store.save(run("edge", t0, "schedule", rows(t0, Status.OK)));
        for (int i = 1; i <= WatchedMetrics.RUNS_BACK + 1; i++) {
            Instant t = t0.plusSeconds(600L * i);
            store.save(run("edge", t, "api", rows(t, Status.OK)));
        }

        String text = scrape(new WatchedMetrics(List.of(edge), store, CLOCK, () -> 0));

        // Due at 04:00, long before this server started at 09:00:30: the alert can see the gap.
        assertThat(text)
                .contains("mailtls_group_next_run_due_timestamp_seconds{group=\"edge\"} "
                        + (double) Instant.parse("2026-12-06T04:00:00Z").getEpochSecond());
    }

    @Test
    void aScheduledGroupThatNeverRanIsDueAtItsFirstSlotAfterTheServerStarted() {
        String text = scrape(new WatchedMetrics(List.of(edge), new InMemoryHistoryStore(CLOCK), CLOCK, () -> 0));

        assertThat(text)
                .contains("mailtls_group_next_run_due_timestamp_seconds{group=\"edge\"} "
                        + (double) Instant.parse("2026-12-06T10:00:00Z").getEpochSecond())
                .doesNotContain("mailtls_target_status{")
                .doesNotContain("mailtls_group_last_run_timestamp_seconds{");
    }

    /** Counts the store's reads, and fails them on demand. */
    private static final class CountingStore extends DelegatingHistoryStore {
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean down;

        CountingStore() {
            super(new InMemoryHistoryStore(CLOCK));
        }

        @Override
        public List<GroupRun> history(String group, int limit) {
            reads.incrementAndGet();
            if (down) {
                throw new IllegalStateException("the history database does not answer");
            }
            return super.history(group, limit);
        }

        volatile boolean knownDown;

        @Override
        public Optional<String> unavailableReason() {
            return knownDown ? Optional.of("the history database at ... does not answer") : Optional.empty();
        }
    }

    @Test
    void aHistoryKnownToBeDownIsNotAskedAtAll() {
        CountingStore store = new CountingStore();
        Instant t0 = Instant.parse("2026-12-06T08:00:00Z");
        store.save(run("edge", t0, "schedule", rows(t0, Status.OK)));
        store.knownDown = true;

        String text = scrape(new WatchedMetrics(List.of(edge, onDemand), store, CLOCK, () -> 0));

        assertThat(text).contains("mailtls_history_up 0.0").doesNotContain("mailtls_target_status{");
        assertThat(store.reads).hasValue(0);
    }

    @Test
    void scrapesWithinFifteenSecondsShareOneReadingOfTheHistory() {
        CountingStore store = new CountingStore();
        Instant t0 = Instant.parse("2026-12-06T08:00:00Z");
        store.save(run("edge", t0, "schedule", rows(t0, Status.OK)));
        AtomicLong nanos = new AtomicLong();
        WatchedMetrics metrics = new WatchedMetrics(List.of(edge), store, CLOCK, nanos::get);

        metrics.collect();
        nanos.addAndGet(WatchedMetrics.FRESH.toNanos() - 1);
        metrics.collect();
        assertThat(store.reads).hasValue(1);

        nanos.addAndGet(1);
        metrics.collect();
        assertThat(store.reads).hasValue(2);
    }

    @Test
    void whenTheHistoryCannotBeReadTheTargetsSeriesGoAndHistoryUpSaysSo() {
        CountingStore store = new CountingStore();
        Instant t0 = Instant.parse("2026-12-06T08:00:00Z");
        store.save(run("edge", t0, "schedule", rows(t0, Status.OK)));
        store.down = true;

        String text = scrape(new WatchedMetrics(List.of(edge), store, CLOCK, () -> 0));

        assertThat(text).contains("mailtls_history_up 0.0").doesNotContain("mailtls_target_status{");
    }

    @Test
    void aTargetListedTwiceWithOtherFlagsIsOneSeries() {
        ScheduledGroup twice = new ScheduledGroup(
                new TargetGroup("twice", List.of("mx1.example.com 25", "mx1.example.com 25 deep")),
                null,
                List.of(),
                false);
        InMemoryHistoryStore store = new InMemoryHistoryStore(CLOCK);
        Instant t0 = Instant.parse("2026-12-06T08:00:00Z");
        List<TargetSnapshot> rows = new ArrayList<>();
        rows.add(snapshot("mx1.example.com 25", "mx1.example.com:25", t0, Status.OK, null, null));
        rows.add(snapshot("mx1.example.com 25 deep", "mx1.example.com:25", t0, Status.WARNING, null, null));
        store.save(run("twice", t0, "api", rows));

        String text = scrape(new WatchedMetrics(List.of(twice), store, CLOCK, () -> 0));

        assertThat(text.lines().filter(l -> l.startsWith("mailtls_target_status{")))
                .containsExactly(
                        "mailtls_target_status{group=\"twice\",protocol=\"smtp\",target=\"mx1.example.com:25\","
                                + "transport=\"starttls\"} 0.0");
    }
}
