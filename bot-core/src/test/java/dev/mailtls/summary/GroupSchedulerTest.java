package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.target.Protocol;
import dev.mailtls.testing.InMemoryHistoryStore;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scheduled runs with a fake clock: one post per slot across servers, only-changes, takeover. */
@Timeout(60)
class GroupSchedulerTest {
    private static final Instant SLOT = Instant.parse("2026-11-30T07:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(SLOT);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Notifier recording = new Notifier() {
        @Override
        public String kind() {
            return Destination.WEBHOOK;
        }

        @Override
        public void post(String destination, GroupSummary summary) {
            posts.add(destination + " " + summary.run().status().id() + " "
                    + summary.changes().size());
        }
    };
    private ScriptedMailServer mail;
    private ProbeService service;
    private InMemoryHistoryStore store;

    @BeforeEach
    void start() {
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
        Rate lots = new Rate(1000, Duration.ofMinutes(1));
        service = new ProbeService(
                new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC()),
                new ServiceLimits(Duration.ofMinutes(5), 8, 64, lots, lots, lots));
        store = new InMemoryHistoryStore(clock);
    }

    @AfterEach
    void stop() {
        service.close();
        mail.close();
    }

    private ScheduledGroup group(boolean onlyChanges) {
        return new ScheduledGroup(
                new TargetGroup("edge", List.of("mail.test " + mail.port() + " plain smtp")),
                CronSchedule.parse("0 8 * * *", ZoneId.of("Europe/Berlin")),
                List.of(Destination.parse("webhook:https://hooks.example.com/x")),
                onlyChanges);
    }

    private GroupScheduler scheduler(ScheduledGroup g, String owner) {
        GroupRunner runner = new GroupRunner(
                service,
                new Diagnoser(),
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false),
                clock,
                d -> now.set(now.get().plus(d)),
                Duration.ofMinutes(5));
        return new GroupScheduler(
                List.of(g),
                runner,
                store,
                Map.of(Destination.WEBHOOK, recording),
                clock,
                d -> now.set(now.get().plus(d)),
                owner,
                Duration.ofMinutes(30),
                log::add);
    }

    @Test
    void twoServersOnOneStorePostEachSlotOnce() throws Exception {
        ScheduledGroup g = group(false);
        GroupScheduler a = scheduler(g, "host-a");
        GroupScheduler b = scheduler(g, "host-b");

        assertThat(a.runSlot(g, SLOT)).isEqualTo(GroupScheduler.Outcome.POSTED);
        assertThat(b.runSlot(g, SLOT)).isEqualTo(GroupScheduler.Outcome.CLAIMED_ELSEWHERE);

        assertThat(posts).hasSize(1).first().asString().startsWith("https://hooks.example.com/x ");
        assertThat(mail.connections()).isEqualTo(1);
        assertThat(store.unpostedSlots("edge")).isEmpty();
        assertThat(store.history("edge", 10)).hasSize(1);
    }

    @Test
    void onlyChangesPostsTheFirstRunAndThenOnlyWhenSomethingChanged() throws Exception {
        ScheduledGroup g = group(true);
        GroupScheduler s = scheduler(g, "host-a");

        assertThat(s.runSlot(g, SLOT)).isEqualTo(GroupScheduler.Outcome.POSTED);
        assertThat(s.runSlot(g, SLOT.plus(Duration.ofDays(1)))).isEqualTo(GroupScheduler.Outcome.UNCHANGED);
        mail.close();
        // The server is gone: a regression, which is posted.
        assertThat(s.runSlot(g, SLOT.plus(Duration.ofDays(2)))).isEqualTo(GroupScheduler.Outcome.POSTED);

        assertThat(posts).hasSize(2);
        assertThat(posts.get(1)).contains(" failure ");
        assertThat(store.history("edge", 10)).hasSize(3);
    }

    @Test
    void aSlotLeftByAStoppedServerIsFinishedOnceItIsStaleAndNotBefore() throws Exception {
        ScheduledGroup g = group(false);
        assertThat(store.claimSlot("edge", SLOT, "host-that-died")).isTrue();
        GroupScheduler s = scheduler(g, "host-b");

        now.set(SLOT.plus(Duration.ofMinutes(10)));
        s.recover(g);
        assertThat(posts).isEmpty();

        now.set(SLOT.plus(Duration.ofMinutes(45)));
        s.recover(g);
        s.recover(g);
        assertThat(posts).hasSize(1);
        assertThat(store.unpostedSlots("edge")).isEmpty();
        assertThat(log).anyMatch(l -> l.contains("that a stopped server left"));
    }

    @Test
    void theLoopWaitsForEachCronTimeInTheGroupsZone() throws Exception {
        ScheduledGroup g = group(false);
        now.set(Instant.parse("2026-11-30T06:00:00Z"));
        try (GroupScheduler s = scheduler(g, "host-a")) {
            s.start();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (posts.size() < 2 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        }
        assertThat(posts.size()).isGreaterThanOrEqualTo(2);
        // 08:00 Berlin is 07:00 UTC: the first two slots, a day apart.
        assertThat(store.history("edge", 10))
                .allSatisfy(r -> assertThat(r.trigger()).isEqualTo("schedule"))
                .extracting(GroupRun::startedAt)
                .contains(Instant.parse("2026-11-30T07:00:00Z"), Instant.parse("2026-12-01T07:00:00Z"));
        // Closing interrupts a run in progress: its slot stays claimed for a later takeover.
        assertThat(store.unpostedSlots("edge"))
                .allSatisfy(slot -> assertThat(slot).isAfter(Instant.parse("2026-12-01T07:00:00Z")));
    }
}
