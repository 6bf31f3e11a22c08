package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.DelegatingHistoryStore;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
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
        return scheduler(g, owner, store, d -> now.set(now.get().plus(d)));
    }

    private GroupScheduler scheduler(
            ScheduledGroup g, String owner, HistoryStore history, GroupScheduler.Sleeper sleeper) {
        return scheduler(g, owner, history, sleeper, recording, null);
    }

    private GroupScheduler scheduler(
            ScheduledGroup g,
            String owner,
            HistoryStore history,
            GroupScheduler.Sleeper sleeper,
            Notifier notifier,
            @Nullable Duration recheckEvery) {
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
                history,
                Map.of(Destination.WEBHOOK, notifier),
                clock,
                sleeper,
                owner,
                Duration.ofMinutes(30),
                recheckEvery,
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
        // For the metrics: the changes in what was posted (the regression's), on the server that posted.
        int changed = Integer.parseInt(posts.get(1).substring(posts.get(1).lastIndexOf(' ') + 1));
        assertThat(changed).isPositive();
        assertThat(s.changesPosted("edge")).isEqualTo(changed);
        assertThat(s.changesPosted("other")).isZero();
        // Each run knows when it ended, for its duration.
        assertThat(store.history("edge", 10))
                .allSatisfy(r -> assertThat(r.duration()).isPresent());
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
    void aRunningSchedulerFinishesASlotThatGoesStaleWhileItWaits() throws Exception {
        ScheduledGroup g = group(false);
        assertThat(store.claimSlot("edge", SLOT, "host-that-was-killed")).isTrue();
        now.set(SLOT.plus(Duration.ofMinutes(10)));
        ParkingSleeper sleeper = new ParkingSleeper(0);
        try (GroupScheduler s = scheduler(g, "host-b", store, sleeper, recording, Duration.ofMillis(20))) {
            s.start();
            assertThat(sleeper.parked.await(30, TimeUnit.SECONDS)).isTrue();
            // Fresh at start, and the loop waits for tomorrow's slot: the recheck finds it once stale.
            Thread.sleep(200);
            assertThat(posts).isEmpty();

            now.set(SLOT.plus(Duration.ofMinutes(31)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (posts.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
        }
        assertThat(posts).hasSize(1);
        assertThat(store.unpostedSlots("edge")).isEmpty();
        assertThat(log)
                .filteredOn(l -> l.contains("that a stopped server left"))
                .hasSize(1);
    }

    @Test
    void theRecheckTakesOverASlotWhoseRunsKeepFailingTwiceNotForEver() throws Exception {
        ScheduledGroup g = group(false);
        AtomicInteger saves = new AtomicInteger();
        HistoryStore failing = new DelegatingHistoryStore(store) {
            @Override
            public GroupRun save(GroupRun run) {
                saves.incrementAndGet();
                throw new IllegalStateException("the history database refuses the run");
            }
        };
        assertThat(store.claimSlot("edge", SLOT, "host-that-was-killed")).isTrue();
        now.set(SLOT.plus(Duration.ofMinutes(10)));
        ParkingSleeper sleeper = new ParkingSleeper(0);
        try (GroupScheduler s = scheduler(g, "host-b", failing, sleeper, recording, Duration.ofMillis(20))) {
            s.start();
            assertThat(sleeper.parked.await(30, TimeUnit.SECONDS)).isTrue();
            // Each time the claim is stale again, the recheck takes it over, and the run fails.
            for (int stale = 1; stale <= 4; stale++) {
                now.set(now.get().plus(Duration.ofMinutes(31)));
                int expected = Math.min(stale, GroupScheduler.RECHECK_TAKEOVERS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (saves.get() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(200); // several more rechecks
                assertThat(saves)
                        .as("after the claim went stale " + stale + " times")
                        .hasValue(expected);
            }
        }
        assertThat(posts).isEmpty();
        assertThat(store.unpostedSlots("edge")).containsExactly(SLOT);
        assertThat(log)
                .filteredOn(l -> l.contains("not trying it again until a server starts"))
                .hasSize(1)
                .first()
                .asString()
                .contains(SLOT.toString());
    }

    @Test
    void closingGivesARunInProgressTheDrainTimeToPost() throws Exception {
        ScheduledGroup g = group(false);
        now.set(SLOT.minus(Duration.ofMinutes(1)));
        BlockingNotifier slow = new BlockingNotifier();
        ParkingSleeper sleeper = new ParkingSleeper(1);
        GroupScheduler s = scheduler(g, "host-a", store, sleeper, slow, null);
        s.start();
        assertThat(slow.posting.await(30, TimeUnit.SECONDS)).isTrue();

        Thread closing = Thread.ofVirtual().start(() -> s.close(Duration.ofSeconds(20)));
        closing.join(Duration.ofMillis(300));
        assertThat(closing.isAlive()).as("waits for the run in progress").isTrue();
        slow.release.countDown();
        closing.join(Duration.ofSeconds(10));

        assertThat(closing.isAlive()).isFalse();
        assertThat(slow.posted).hasSize(1);
        assertThat(store.unpostedSlots("edge")).isEmpty();
        assertThat(log).noneMatch(l -> l.contains("interrupting"));
    }

    @Test
    void aRunStillInProgressAfterTheDrainTimeIsInterruptedAndLeftForAnotherServer() throws Exception {
        ScheduledGroup g = group(false);
        now.set(SLOT.minus(Duration.ofMinutes(1)));
        BlockingNotifier stuck = new BlockingNotifier();
        ParkingSleeper sleeper = new ParkingSleeper(1);
        GroupScheduler s = scheduler(g, "host-a", store, sleeper, stuck, null);
        s.start();
        assertThat(stuck.posting.await(30, TimeUnit.SECONDS)).isTrue();

        long began = System.nanoTime();
        s.close(Duration.ofMillis(300));

        assertThat(Duration.ofNanos(System.nanoTime() - began))
                .isBetween(Duration.ofMillis(300), Duration.ofSeconds(6));
        assertThat(stuck.posted).isEmpty();
        assertThat(log)
                .anyMatch(l -> l.equals("shutting down: interrupting schedule-edge, still running after 0s;"
                        + " its slot stays claimed for another server to finish"));
    }

    /** Posts once {@link #release} opens; an interrupt fails the post, as with a real webhook. */
    private static final class BlockingNotifier implements Notifier {
        final CountDownLatch posting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> posted = new CopyOnWriteArrayList<>();

        @Override
        public String kind() {
            return Destination.WEBHOOK;
        }

        @Override
        public void post(String destination, GroupSummary summary) throws java.io.IOException {
            posting.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException("interrupted while posting", e);
            }
            posted.add(destination);
        }
    }

    @Test
    void theLoopWaitsForEachCronTimeInTheGroupsZone() throws Exception {
        ScheduledGroup g = group(false);
        now.set(Instant.parse("2026-11-30T06:00:00Z"));
        ParkingSleeper sleeper = new ParkingSleeper(2);
        try (GroupScheduler s = scheduler(g, "host-a", store, sleeper)) {
            s.start();
            assertThat(sleeper.parked.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(posts).hasSize(2);
        // 08:00 Berlin is 07:00 UTC: the first two slots, a day apart.
        assertThat(store.history("edge", 10))
                .allSatisfy(r -> assertThat(r.trigger()).isEqualTo("schedule"))
                .extracting(GroupRun::startedAt)
                .containsExactly(Instant.parse("2026-12-01T07:00:00Z"), Instant.parse("2026-11-30T07:00:00Z"));
        assertThat(store.unpostedSlots("edge")).isEmpty();
    }

    @Test
    void aRunThatFailsIsLoggedCountedAndTheNextSlotRunsAndPosts() throws Exception {
        ScheduledGroup g = group(false);
        now.set(Instant.parse("2026-11-30T06:00:00Z"));
        // The database goes away for the first run's save, then comes back.
        AtomicInteger saves = new AtomicInteger();
        HistoryStore flaky = new DelegatingHistoryStore(store) {
            @Override
            public GroupRun save(GroupRun run) {
                if (saves.incrementAndGet() == 1) {
                    throw new IllegalStateException("Connection refused: the database is down\n\tat org.h2 ...");
                }
                return super.save(run);
            }
        };
        ParkingSleeper sleeper = new ParkingSleeper(2);
        try (GroupScheduler s = scheduler(g, "host-a", flaky, sleeper)) {
            s.start();
            assertThat(sleeper.parked.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(s.failedRuns()).isEqualTo(1);
        }
        assertThat(posts).hasSize(1);
        assertThat(store.history("edge", 10))
                .extracting(GroupRun::startedAt)
                .containsExactly(Instant.parse("2026-12-01T07:00:00Z"));
        assertThat(log.stream().filter(l -> l.contains("failed")))
                .singleElement()
                .asString()
                .isEqualTo("group edge: the run of 2026-11-30T07:00:00Z failed, trying again at the next slot:"
                        + " IllegalStateException: Connection refused: the database is down");
        // The failed slot stays claimed and unposted: the takeover of stale slots finishes it.
        assertThat(store.unpostedSlots("edge")).containsExactly(Instant.parse("2026-11-30T07:00:00Z"));
    }

    /**
     * Advances the fake clock for the first {@code wakeUps} waits, then parks until the scheduler is
     * closed: the loop has run exactly that many slots when {@link #parked} opens.
     */
    private final class ParkingSleeper implements GroupScheduler.Sleeper {
        final CountDownLatch parked = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);
        private final AtomicInteger left;

        ParkingSleeper(int wakeUps) {
            this.left = new AtomicInteger(wakeUps);
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            if (left.getAndDecrement() > 0) {
                now.set(now.get().plus(d));
                return;
            }
            parked.countDown();
            closed.await();
        }
    }
}
