package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeListener;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A group run through the ProbeService, with a fake clock: throttles are waited out, never slept. */
@Timeout(60)
class GroupRunnerTest {
    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> slept = new ArrayList<>();
    private final Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC());
    private final ProbeOptions options =
            ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false);

    /** A clock that moves with the service's monotonic clock. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return T0.plusNanos(nanos.get() - 1_000_000_000L);
        }
    };

    private GroupRunner runner(ProbeService service, Duration budget) {
        return new GroupRunner(
                service,
                new Diagnoser(),
                options,
                clock,
                d -> {
                    synchronized (slept) {
                        slept.add(d);
                    }
                    nanos.addAndGet(d.toNanos());
                },
                budget);
    }

    /** People's limits are tight on purpose: a group run is not held to them, only to the per-host one. */
    private ProbeService service(Rate perHost) {
        Rate one = new Rate(1, Duration.ofHours(1));
        return new ProbeService(
                prober,
                new ServiceLimits(Duration.ofMinutes(5), 8, 64, one, one, perHost),
                nanos::get,
                clock,
                ProbeListener.NONE);
    }

    private static ScriptedMailServer smtp() {
        return ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
    }

    @Test
    void everyTargetIsProbedFreshInOrderWithItsCard() throws Exception {
        try (ScriptedMailServer a = smtp();
                ScriptedMailServer b = ScriptedMailServer.builder(Protocol.IMAP).start();
                ProbeService service = service(new Rate(100, Duration.ofMinutes(1)))) {
            TargetGroup group = new TargetGroup(
                    "edge", List.of("mail.test " + a.port() + " plain smtp", "mail.test " + b.port() + " plain imap"));
            // A cached result must not stand in for a scheduled check.
            service.submit(group.commands().get(0).toRequest(options), "someone", false);

            GroupRun run = runner(service, Duration.ofMinutes(10)).run(group, "cli");

            assertThat(run.group()).isEqualTo("edge");
            assertThat(run.trigger()).isEqualTo("cli");
            assertThat(run.startedAt()).isEqualTo(T0);
            assertThat(run.snapshots()).extracting(TargetSnapshot::target).containsExactlyElementsOf(group.targets());
            assertThat(run.cards()).containsKeys(group.targets().toArray(String[]::new));
            assertThat(run.cards().get(group.targets().get(1))).contains("\"protocol\":\"imap\"");
            assertThat(a.connections()).isEqualTo(2);
            assertThat(slept).isEmpty();
        }
    }

    @Test
    void throttledTargetsWaitTheirTurnInsideTheBudget() throws Exception {
        try (ScriptedMailServer a = smtp();
                ScriptedMailServer b = smtp();
                ScriptedMailServer c = smtp();
                ProbeService service = service(new Rate(1, Duration.ofMinutes(1)))) {
            TargetGroup group = new TargetGroup(
                    "slow",
                    List.of(
                            "mail.test " + a.port() + " plain smtp",
                            "mail.test " + b.port() + " plain smtp",
                            "mail.test " + c.port() + " plain smtp"));

            GroupRun run = runner(service, Duration.ofMinutes(10)).run(group, "schedule");

            assertThat(run.snapshots())
                    .allSatisfy(s -> assertThat(s.failureCode()).isNull());
            assertThat(a.connections() + b.connections() + c.connections()).isEqualTo(3);
            assertThat(slept).isNotEmpty();
        }
    }

    @Test
    void aTargetStillThrottledWhenTheBudgetEndsIsRecordedAsNotProbed() throws Exception {
        try (ScriptedMailServer a = smtp();
                ScriptedMailServer b = smtp();
                ProbeService service = service(new Rate(1, Duration.ofMinutes(1)))) {
            TargetGroup group = new TargetGroup(
                    "tight", List.of("mail.test " + a.port() + " plain smtp", "mail.test " + b.port() + " plain smtp"));

            GroupRun run = runner(service, Duration.ofSeconds(10)).run(group, "schedule");

            assertThat(run.snapshots()).hasSize(2);
            assertThat(run.snapshots())
                    .filteredOn(s -> GroupRunner.NOT_PROBED.equals(s.failureCode()))
                    .singleElement()
                    .satisfies(s -> {
                        assertThat(s.status()).isEqualTo(Status.FAILURE);
                        assertThat(run.cards()).doesNotContainKey(s.target());
                    });
            assertThat(run.status()).isEqualTo(Status.FAILURE);
        }
    }

    @Test
    void aTargetThatDoesNotParseNamesTheGroupAndTheTarget() {
        TargetGroup group = new TargetGroup("bad", List.of("mail.test 25", "mail.test 99999"));
        assertThatThrownBy(() -> runner(service(new Rate(1, Duration.ofMinutes(1))), Duration.ofMinutes(1))
                        .run(group, "cli"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("group bad, target 2 ('mail.test 99999')");
    }

    @Test
    void groupNamesAndTargetsAreValidated() {
        assertThatThrownBy(() -> new TargetGroup("bad name", List.of("a.test 25")))
                .hasMessageContaining("bad name");
        assertThatThrownBy(() -> new TargetGroup("empty", List.of())).hasMessageContaining("no targets");
        assertThat(new TargetGroup("dup", List.of("a.test 25", " a.test 25 ")).targets())
                .containsExactly("a.test 25");
    }
}
