package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.diagnosis.Status;
import dev.mailtls.summary.DomainPosture;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.RowReason;
import dev.mailtls.summary.TargetSnapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link JdbcHistoryStore} database must do the same way; one subclass per database. */
abstract class HistoryStoreContract {

    static final Instant T0 = Instant.parse("2026-03-02T07:00:00.123456Z");

    private TestDatabase database;
    private JdbcHistoryStore store;
    private final List<JdbcHistoryStore> opened = new ArrayList<>();

    abstract TestDatabase newDatabase(Path directory);

    @BeforeEach
    void openStore(@TempDir Path directory) {
        database = newDatabase(directory);
        store = open();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(JdbcHistoryStore::close);
    }

    private JdbcHistoryStore open() {
        return open(Clock.systemUTC());
    }

    private JdbcHistoryStore open(Clock clock) {
        JdbcHistoryStore opening = database.open(clock);
        opened.add(opening);
        return opening;
    }

    static TargetSnapshot fullSnapshot(String target, Instant probedAt) {
        return new TargetSnapshot(
                target,
                "mx1.example.com:25",
                probedAt,
                Status.WARNING,
                "HANDSHAKE_FAILED",
                "TLSv1.3",
                "TLS_AES_256_GCM_SHA384",
                true,
                "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
                Instant.parse("2026-05-31T23:59:59.000001Z"),
                "CN=mx1.example.com, O=Exämple \"Mail\" Ltd, C=DE",
                Set.of("CERT_EXPIRING", "WEAK_DH", "CERT_CHAIN_INCOMPLETE"),
                // The row's reason round-trips with the snapshot (V2): code and words exactly.
                new RowReason("CERT_EXPIRING", "The certificate for mx1.example.com expires in 9 days, «soon»…"));
    }

    static TargetSnapshot bareSnapshot(String target, Instant probedAt) {
        return new TargetSnapshot(
                target,
                "imap.example.com:993",
                probedAt,
                Status.FAILURE,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Set.of());
    }

    static GroupRun run(String group, Instant startedAt, String... targets) {
        List<TargetSnapshot> snapshots = new ArrayList<>();
        for (String target : targets) {
            snapshots.add(fullSnapshot(target, startedAt.plusMillis(5)));
        }
        return new GroupRun(0, group, startedAt, "schedule", snapshots, Map.of(targets[0], "{\"target\":1}"));
    }

    @Test
    void savedRunGetsAnIdAndComesBackAsTheLatestWithItsCards() {
        GroupRun saved = store.save(run("mail-edge", T0, "mx1.example.com 25 starttls", "imap.example.com 993 tls"));

        assertThat(saved.id()).isPositive();
        assertThat(store.latest("mail-edge")).contains(saved);
    }

    @Test
    void lastStartedIsTheNewestRunWithThatTriggerWhateverCameAfter() {
        store.save(run("mail-edge", T0, "mx1.example.com 25 starttls"));
        GroupRun later = run("mail-edge", T0.plusSeconds(3600), "mx1.example.com 25 starttls");
        store.save(later);
        for (int i = 1; i <= 3; i++) {
            GroupRun api = run("mail-edge", T0.plusSeconds(3600 + 60L * i), "mx1.example.com 25 starttls");
            store.save(new GroupRun(0, api.group(), api.startedAt(), "api", api.snapshots(), api.cards()));
        }

        assertThat(store.lastStarted("mail-edge", "schedule")).contains(later.startedAt());
        assertThat(store.lastStarted("mail-edge", "api")).contains(T0.plusSeconds(3600 + 180));
        assertThat(store.lastStarted("mail-edge", "chat")).isEmpty();
        assertThat(store.lastStarted("other", "schedule")).isEmpty();
    }

    @Test
    void aRunsEndRoundTripsForItsDurationAndARunWithoutOneStaysWithout() {
        GroupRun finished = run("mail-edge", T0, "mx1.example.com 25 starttls");
        finished = new GroupRun(
                0,
                finished.group(),
                finished.startedAt(),
                finished.trigger(),
                finished.snapshots(),
                finished.cards(),
                T0.plusMillis(2_345_678).plusNanos(1_000));
        GroupRun savedFinished = store.save(finished);
        assertThat(store.latest("mail-edge")).contains(savedFinished);
        assertThat(store.latest("mail-edge").orElseThrow().duration())
                .contains(java.time.Duration.ofMillis(2_345_678).plusNanos(1_000));
        assertThat(store.history("mail-edge", 1).get(0).finishedAt()).isEqualTo(savedFinished.finishedAt());

        GroupRun unknown = store.save(run("mail-edge", T0.plusSeconds(60), "mx1.example.com 25 starttls"));
        assertThat(store.latest("mail-edge").orElseThrow().finishedAt()).isNull();
        assertThat(store.latest("mail-edge").orElseThrow().duration()).isEmpty();
        assertThat(store.latest("mail-edge")).contains(unknown);
    }

    @Test
    void aDomainRowsPostureRoundTripsAndEndpointRowsHaveNone() {
        DomainPosture posture = new DomainPosture(
                "listed",
                List.of(
                        new DomainPosture.Mx(
                                "mx1.example.com",
                                10,
                                List.of("192.0.2.1", "2001:db8::1"),
                                "secure",
                                List.of("3 1 1 ab")),
                        new DomainPosture.Mx("mx2.example.com", 20, null, null, List.of())),
                "v=STSv1; id=«20261205»;",
                new DomainPosture.Policy("enforce", List.of("mx1.example.com", "*.example.com"), 604800),
                "",
                List.of("_imaps._tcp imap.example.com:993"));
        TargetSnapshot domain = new TargetSnapshot(
                "domain:example.com",
                "example.com",
                T0,
                Status.OK,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Set.of(),
                null,
                posture);
        GroupRun saved = store.save(new GroupRun(
                0, "domains", T0, "schedule", List.of(domain, fullSnapshot("example.com MX mx1", T0)), Map.of()));

        GroupRun back = store.latest("domains").orElseThrow();
        assertThat(back.id()).isEqualTo(saved.id());
        assertThat(back.snapshots().get(0).posture()).isEqualTo(posture);
        assertThat(back.snapshots().get(1).posture()).isNull();
        assertThat(store.history("domains", 1).get(0).snapshots().get(0).posture())
                .isEqualTo(posture);
    }

    @Test
    void latestIsEmptyForAGroupWithoutRuns() {
        store.save(run("other", T0, "a"));

        assertThat(store.latest("mail-edge")).isEmpty();
        assertThat(store.history("mail-edge", 10)).isEmpty();
    }

    @Test
    void historyIsNewestFirstByStartUpToTheLimitWithSnapshotsButNoCards() {
        // Saved out of order: the start time orders runs, not the order they were saved in.
        GroupRun second = store.save(run("mail-edge", T0.plusSeconds(60), "a", "b"));
        GroupRun first = store.save(run("mail-edge", T0, "a"));
        GroupRun fourth = store.save(run("mail-edge", T0.plusSeconds(180), "a", "b", "c"));
        GroupRun third = store.save(run("mail-edge", T0.plusSeconds(120), "b"));
        store.save(run("other", T0.plusSeconds(240), "x"));

        List<GroupRun> history = store.history("mail-edge", 3);

        assertThat(history).extracting(GroupRun::id).containsExactly(fourth.id(), third.id(), second.id());
        assertThat(history.get(0).snapshots()).isEqualTo(fourth.snapshots());
        assertThat(history.get(2).snapshots()).isEqualTo(second.snapshots());
        assertThat(history).allSatisfy(r -> assertThat(r.cards()).isEmpty());
        assertThat(store.history("mail-edge", 10))
                .extracting(GroupRun::id)
                .containsExactly(fourth.id(), third.id(), second.id(), first.id());
        assertThat(store.history("mail-edge", 1)).extracting(GroupRun::id).containsExactly(fourth.id());
        assertThat(store.latest("mail-edge")).contains(fourth);
    }

    @Test
    void runsStartedInTheSameMicrosecondAreNewestFirstBySaveOrder() {
        GroupRun earlier = store.save(run("mail-edge", T0, "a"));
        GroupRun later = store.save(run("mail-edge", T0, "b"));

        assertThat(store.history("mail-edge", 5)).extracting(GroupRun::id).containsExactly(later.id(), earlier.id());
        assertThat(store.latest("mail-edge")).map(GroupRun::id).contains(later.id());
    }

    @Test
    void historyOfZeroRunsIsEmptyAndANegativeLimitIsRefused() {
        store.save(run("mail-edge", T0, "a"));

        assertThat(store.history("mail-edge", 0)).isEmpty();
        assertThatThrownBy(() -> store.history("mail-edge", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void largeCardsWithUnicodeAndControlCharactersRoundTripExactly() {
        StringBuilder json = new StringBuilder("{\"lines\":[");
        while (json.length() < 100_000) {
            json.append("\"Grüße ✉ 📧 邮件 \\\"quoted\\\" \\\\ tab\t nl\n cr\r \u0001\u001b\u001f\u007f\u0085\u2028\",");
        }
        json.append("\"end\"]}");
        String big = json.toString();
        Map<String, String> cards = Map.of("mx1.example.com 25 starttls", big, "ünïcödé.example 993 tls", "{}");
        GroupRun saved = store.save(new GroupRun(
                0, "mail-edge", T0, "api", List.of(fullSnapshot("mx1.example.com 25 starttls", T0)), cards));

        GroupRun latest = store.latest("mail-edge").orElseThrow();

        assertThat(big.length()).isGreaterThanOrEqualTo(100_000);
        assertThat(latest.cards()).isEqualTo(cards);
        assertThat(latest).isEqualTo(saved);
    }

    @Test
    void nulCharactersAreStoredAsReplacementCharactersOnEveryDatabase() {
        TargetSnapshot hostile = new TargetSnapshot(
                "t", "h:25", T0, Status.OK, null, null, null, null, null, null, "CN=evil\u0000.example", Set.of());
        store.save(new GroupRun(0, "g", T0, "cli", List.of(hostile), Map.of("t", "{\"banner\":\"a\u0000b\"}")));

        GroupRun latest = store.latest("g").orElseThrow();

        assertThat(latest.snapshots().get(0).certSubject()).isEqualTo("CN=evil\uFFFD.example");
        assertThat(latest.cards()).containsEntry("t", "{\"banner\":\"a\uFFFDb\"}");
    }

    @Test
    void snapshotsRoundTripEveryFieldIncludingNullsAndMicrosecondsInOrder() {
        List<TargetSnapshot> snapshots = List.of(
                fullSnapshot("mx1.example.com 25 starttls", T0.plusNanos(1_000)),
                bareSnapshot("imap.example.com 993 tls", T0.plusMillis(999)),
                new TargetSnapshot(
                        "pop.example.com 110 starttls",
                        "pop.example.com:110",
                        Instant.parse("1999-12-31T23:59:59.999999Z"),
                        Status.OK,
                        null,
                        "TLSv1.2",
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        false,
                        "00",
                        Instant.parse("9999-12-31T23:59:59Z"),
                        "",
                        Set.of("ONE")));
        store.save(new GroupRun(0, "mail-edge", T0, "chat", snapshots, Map.of()));

        assertThat(store.latest("mail-edge").orElseThrow().snapshots()).containsExactlyElementsOf(snapshots);
        assertThat(store.history("mail-edge", 1).get(0).snapshots()).containsExactlyElementsOf(snapshots);
    }

    @Test
    void instantsWithNanosecondsAreKeptToTheMicrosecond() {
        Instant withNanos = Instant.parse("2026-03-02T07:00:00.123456789Z");
        TargetSnapshot snapshot = bareSnapshot("t", withNanos);
        store.save(new GroupRun(0, "g", withNanos, "cli", List.of(snapshot), Map.of()));

        GroupRun latest = store.latest("g").orElseThrow();

        Instant micros = Instant.parse("2026-03-02T07:00:00.123456Z");
        assertThat(latest.startedAt()).isEqualTo(micros);
        assertThat(latest.snapshots().get(0).probedAt()).isEqualTo(micros);
    }

    @Test
    void aRunWithoutSnapshotsOrCardsIsSavedToo() {
        GroupRun empty = store.save(new GroupRun(0, "g", T0, "cli", List.of(), Map.of()));

        assertThat(store.latest("g")).contains(empty);
    }

    @Test
    void saveIsAtomicWhenALaterRowFails() throws SQLException {
        try (Connection c = database.connect();
                Statement statement = c.createStatement()) {
            statement.execute("ALTER TABLE target_snapshot ADD CONSTRAINT no_poison CHECK (target <> 'poison')");
        }
        GroupRun poisoned = run("mail-edge", T0, "a", "b", "poison");

        assertThatThrownBy(() -> store.save(poisoned))
                .isInstanceOf(HistoryStoreException.class)
                .hasMessageContaining("save a run of group mail-edge");
        assertThat(store.latest("mail-edge")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM group_run")).isZero();
        assertThat(count("SELECT COUNT(*) FROM target_snapshot")).isZero();
        assertThat(count("SELECT COUNT(*) FROM run_card")).isZero();
    }

    @Test
    void pruningDeletesOlderRunsWithTheirSnapshotsAndCardsAndOlderSlots() {
        Instant now = T0.plus(Duration.ofDays(365));
        store.save(run("mail-edge", now.minus(Duration.ofDays(100)), "a", "b"));
        store.save(run("other", now.minus(Duration.ofDays(91)), "a"));
        GroupRun kept = store.save(run("mail-edge", now.minus(Duration.ofDays(89)), "a", "b"));
        Instant cutoff = now.minus(Duration.ofDays(90));
        store.claimSlot("mail-edge", cutoff.minusSeconds(1), "old");
        store.claimSlot("mail-edge", cutoff, "recent");

        assertThat(store.pruneBefore(cutoff)).isEqualTo(2);

        assertThat(store.history("mail-edge", 10)).containsExactly(withoutCards(kept));
        assertThat(store.history("other", 10)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM target_snapshot")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM run_card")).isEqualTo(1);
        assertThat(store.unpostedSlots("mail-edge")).containsExactly(cutoff);
        assertThat(store.pruneBefore(cutoff)).isZero();
    }

    @Test
    void exactlyOneOfManyConcurrentClaimsFromTwoStoresWins() throws Exception {
        JdbcHistoryStore other = open();
        ExecutorService threads = Executors.newFixedThreadPool(24);
        try {
            for (int round = 0; round < 5; round++) {
                Instant slot = T0.plus(Duration.ofDays(round));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    JdbcHistoryStore claimant = i % 2 == 0 ? store : other;
                    String owner = "replica-" + (i % 2) + "-thread-" + i;
                    claims.add(threads.submit(() -> {
                        go.await();
                        return claimant.claimSlot("mail-edge", slot, owner);
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> claim : claims) {
                    won += claim.get() ? 1 : 0;
                }
                assertThat(won).as("winners of slot %s", slot).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(store.unpostedSlots("mail-edge")).hasSize(5);
    }

    @Test
    void aSlotIsClaimedOncePerGroup() {
        assertThat(store.claimSlot("mail-edge", T0, "a")).isTrue();
        assertThat(store.claimSlot("mail-edge", T0, "b")).isFalse();
        assertThat(store.claimSlot("other", T0, "b")).isTrue();
        assertThat(store.claimSlot("mail-edge", T0.plusSeconds(1), "b")).isTrue();
    }

    @Test
    void unpostedSlotsListClaimedSlotsOldestFirstUntilPosted() {
        store.claimSlot("mail-edge", T0.plusSeconds(60), "a");
        store.claimSlot("mail-edge", T0, "a");
        store.claimSlot("other", T0, "a");

        assertThat(store.unpostedSlots("mail-edge")).containsExactly(T0, T0.plusSeconds(60));

        store.markPosted("mail-edge", T0);
        store.markPosted("mail-edge", T0); // twice is harmless

        assertThat(store.unpostedSlots("mail-edge")).containsExactly(T0.plusSeconds(60));
        assertThat(store.unpostedSlots("other")).containsExactly(T0);
        assertThat(store.claimSlot("mail-edge", T0, "b")).isFalse();
    }

    @Test
    void markingASlotThatWasNeverClaimedIsRefused() {
        assertThatThrownBy(() -> store.markPosted("mail-edge", T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mail-edge")
                .hasMessageContaining(T0.toString());
    }

    @Test
    void aReopenedStoreSeesTheRunsAndClaimsOfTheStoppedOne() {
        GroupRun saved = store.save(run("mail-edge", T0, "a", "b"));
        store.claimSlot("mail-edge", T0, "replica-1");
        store.claimSlot("mail-edge", T0.plusSeconds(60), "replica-1");
        store.markPosted("mail-edge", T0);
        store.close();

        JdbcHistoryStore restarted = open();

        assertThat(restarted.latest("mail-edge")).contains(saved);
        assertThat(restarted.claimSlot("mail-edge", T0, "replica-1")).isFalse();
        assertThat(restarted.claimSlot("mail-edge", T0.plusSeconds(60), "replica-1"))
                .isFalse();
        assertThat(restarted.unpostedSlots("mail-edge")).containsExactly(T0.plusSeconds(60));
        restarted.markPosted("mail-edge", T0.plusSeconds(60));
        restarted.close();

        assertThat(open().unpostedSlots("mail-edge")).isEmpty();
    }

    @Test
    void exactlyOneReplicaReclaimsAStaleUnpostedSlot() throws Exception {
        Instant now = Instant.now();
        open(Clock.fixed(now.minus(Duration.ofHours(2)), ZoneOffset.UTC)).claimSlot("mail-edge", T0, "crashed");
        JdbcHistoryStore other = open();

        assertThat(store.reclaimSlot("mail-edge", T0, "early", now.minus(Duration.ofHours(3))))
                .as("a claim younger than the cutoff is not stale")
                .isFalse();

        // Each reclaim stamps the claim anew (now), so it is no longer older than the cutoff.
        Instant staleBefore = now.minus(Duration.ofHours(1));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> reclaims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                JdbcHistoryStore claimant = i % 2 == 0 ? store : other;
                String owner = "replica-" + i;
                reclaims.add(threads.submit(() -> {
                    go.await();
                    return claimant.reclaimSlot("mail-edge", T0, owner, staleBefore);
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> reclaim : reclaims) {
                won += reclaim.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        store.markPosted("mail-edge", T0);
        assertThat(other.reclaimSlot("mail-edge", T0, "late", staleBefore)).isFalse();
    }

    @Test
    void hintCodesWithACommaAreRefusedBeforeAnythingIsWritten() {
        TargetSnapshot odd =
                new TargetSnapshot("t", "h:25", T0, Status.OK, null, null, null, null, null, null, null, Set.of("A,B"));

        assertThatThrownBy(() -> store.save(new GroupRun(0, "g", T0, "cli", List.of(odd), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A,B");
        assertThat(store.latest("g")).isEmpty();
    }

    private long count(String sql) {
        try (Connection c = database.connect();
                Statement statement = c.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static GroupRun withoutCards(GroupRun run) {
        return new GroupRun(run.id(), run.group(), run.startedAt(), run.trigger(), run.snapshots(), Map.of());
    }
}
