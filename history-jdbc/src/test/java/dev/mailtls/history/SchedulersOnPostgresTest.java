package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.CronSchedule;
import dev.mailtls.summary.Destination;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.GroupScheduler;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.Notifier;
import dev.mailtls.summary.ScheduledGroup;
import dev.mailtls.summary.TargetGroup;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two schedulers (two servers) on one real PostgreSQL: every scheduled run is probed and posted
 * once, whichever server gets there first, and a run left half-done is finished by one of them.
 */
@Timeout(120)
class SchedulersOnPostgresTest {
    @RegisterExtension
    static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

    private static final Instant SLOT = Instant.parse("2026-11-30T07:00:00Z");

    private final List<String> posts = new CopyOnWriteArrayList<>();
    private final Notifier notifier = new Notifier() {
        @Override
        public String kind() {
            return Destination.WEBHOOK;
        }

        @Override
        public void post(String destination, GroupSummary summary) {
            posts.add(summary.run().group() + " " + summary.run().id());
        }
    };

    private static GroupScheduler scheduler(
            ScheduledGroup g, JdbcHistoryStore store, ProbeService service, Notifier n, String owner) {
        GroupRunner runner = new GroupRunner(
                service,
                new Diagnoser(),
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false));
        return new GroupScheduler(
                List.of(g),
                runner,
                store,
                Map.of(Destination.WEBHOOK, n),
                Clock.systemUTC(),
                d -> {},
                owner,
                Duration.ofMinutes(30),
                line -> {});
    }

    @Test
    void twoServersRacingForTheSameSlotsPostEachOnce() throws Exception {
        String url = POSTGRES.cluster().createDatabase();
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                ProbeService service = new ProbeService(
                        new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC()),
                        new ServiceLimits(Duration.ofMinutes(5), 16, 100, lots, lots, lots));
                JdbcHistoryStore storeA = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null);
                JdbcHistoryStore storeB = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ScheduledGroup g = new ScheduledGroup(
                    new TargetGroup("edge", List.of("mail.test " + mail.port() + " plain smtp")),
                    CronSchedule.parse("0 8 * * *", ZoneId.of("Europe/Berlin")),
                    List.of(Destination.parse("webhook:https://hooks.example.com/x")),
                    false);
            GroupScheduler a = scheduler(g, storeA, service, notifier, "host-a");
            GroupScheduler b = scheduler(g, storeB, service, notifier, "host-b");

            int slots = 5;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<GroupScheduler.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                Instant slot = SLOT.plus(Duration.ofDays(i));
                for (GroupScheduler s : List.of(a, b)) {
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        return s.runSlot(g, slot);
                    }));
                }
            }
            go.countDown();
            int posted = 0;
            int elsewhere = 0;
            for (Future<GroupScheduler.Outcome> f : outcomes) {
                switch (f.get()) {
                    case POSTED -> posted++;
                    case CLAIMED_ELSEWHERE -> elsewhere++;
                    case UNCHANGED -> throw new AssertionError("only_changes is off");
                }
            }
            assertThat(posted).isEqualTo(slots);
            assertThat(elsewhere).isEqualTo(slots);
            assertThat(posts).hasSize(slots).doesNotHaveDuplicates();
            // Runs in flight at the same moment may share one probe; never more than one per slot.
            assertThat(mail.connections()).isBetween(1, slots);
            assertThat(storeA.history("edge", 100)).hasSize(slots);
            assertThat(storeB.unpostedSlots("edge")).isEmpty();
        }
    }

    @Test
    void aRunLeftByAStoppedServerIsFinishedByExactlyOneOfTheOthers() throws Exception {
        String url = POSTGRES.cluster().createDatabase();
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                ProbeService service = new ProbeService(
                        new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC()),
                        new ServiceLimits(Duration.ofMinutes(5), 16, 100, lots, lots, lots));
                JdbcHistoryStore dead = JdbcHistoryStore.open(
                        url, PostgresCluster.SUPERUSER, null, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
                JdbcHistoryStore storeA = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null);
                JdbcHistoryStore storeB = JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null)) {
            ScheduledGroup g = new ScheduledGroup(
                    new TargetGroup("edge", List.of("mail.test " + mail.port() + " plain smtp")),
                    CronSchedule.parse("0 8 * * *", ZoneId.of("UTC")),
                    List.of(Destination.parse("webhook:https://hooks.example.com/x")),
                    false);
            // A server claimed a slot an hour ago (its clock says so) and stopped before posting.
            Instant slot = Instant.now().minus(Duration.ofHours(1));
            assertThat(dead.claimSlot("edge", slot, "host-that-died")).isTrue();
            dead.close();

            GroupScheduler a = scheduler(g, storeA, service, notifier, "host-a");
            GroupScheduler b = scheduler(g, storeB, service, notifier, "host-b");
            a.recover(g);
            b.recover(g);

            assertThat(posts).hasSize(1);
            assertThat(storeA.unpostedSlots("edge")).isEmpty();
        }
    }
}
