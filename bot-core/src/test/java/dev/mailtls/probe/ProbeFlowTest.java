package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.testing.FakeTicker;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.TrustEvaluator;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The driver: steps return values, the driver merges them, follows a switch to another plan, stops
 * where a step says so, and merges the follow-ups' findings. The steps here are made up; no
 * connection is made.
 */
class ProbeFlowTest {
    private final List<String> taken = new CopyOnWriteArrayList<>();
    private final FakeTicker ticker = new FakeTicker();

    /** A step that finds {@code found} and goes on. */
    private Step step(String name, Facts found) {
        return step(name, (probe, link, known) -> Outcome.next(found, link));
    }

    private Step step(String name, Taker taker) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Outcome take(ProbeContext probe, Link link, Facts known) {
                taken.add(name);
                return taker.take(probe, link, known);
            }
        };
    }

    private interface Taker {
        Outcome take(ProbeContext probe, Link link, Facts known);
    }

    private FollowUp followUp(String name, List<Facts> seen, @Nullable Facts found) {
        return new FollowUp() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public @Nullable Checked check(ProbeContext probe, Facts finished, List<InetAddress> addresses) {
                taken.add(name);
                seen.add(finished);
                return found == null ? null : new Checked(found, name + " checked");
            }
        };
    }

    private ProbeResult probe(Plan plan) {
        ProbeRequest request = new ProbeRequest(
                "mail.test", 2500, null, null, ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)));
        Connector connector = new Connector(TestResolver.loopback("mail.test"), AddressPolicy.permitAll());
        return new ProbeFlow(request, connector, TrustEvaluator.jdkDefaults(null), Clock.systemUTC(), ticker, plan)
                .run();
    }

    @Test
    void whatStepsReturnIsMergedAndASwitchLeadsToTheOtherPlansStepsAndFollowUps() {
        List<Facts> seenByCheck = new ArrayList<>();
        StartTlsOutcome checked = new StartTlsOutcome(true, StartTlsOutcome.Answer.ACCEPTED, "220 go ahead", null)
                .withCommandInjection(new CommandInjectionCheck(CommandInjectionCheck.Outcome.DISCARDED, "ok"));
        Plan rest = new Plan(
                "rest",
                List.of(step("third", Facts.NONE.with(Transport.STARTTLS).took(Phase.CAPABILITIES, 4))),
                List.of(followUp("kept", seenByCheck, Facts.NONE.with(checked).took(Phase.LEGACY_TLS, 9))));
        Plan plan = new Plan(
                "start",
                List.of(
                        ConnectionSteps.RESOLVE,
                        step("first", Facts.NONE.with(Protocol.SMTP).took(Phase.CAPABILITIES, 3)),
                        step("second", (probe, link, known) -> {
                            ticker.advance(Duration.ofMillis(25));
                            return Outcome.then(Facts.NONE.with(Transport.PLAIN), link, rest);
                        }),
                        step("never", Facts.NONE)),
                List.of(followUp("dropped", new ArrayList<>(), Facts.NONE)));

        ProbeResult r = probe(plan);

        assertThat(taken).containsExactly("first", "second", "third", "kept");
        assertThat(r.failure()).isNull();
        assertThat(r.addresses())
                .containsExactly(InetAddress.getLoopbackAddress().getHostAddress());
        assertThat(r.target().protocol()).isEqualTo(Protocol.SMTP);
        // A later step's transport replaces the earlier one; times in the same phase add up.
        assertThat(r.target().transport()).isEqualTo(Transport.STARTTLS);
        assertThat(r.timings()).containsEntry(Phase.CAPABILITIES, 7L).containsEntry(Phase.LEGACY_TLS, 9L);
        assertThat(r.totalMs()).isEqualTo(25);
        // The follow-up read the finished facts and its findings were merged, with its one line.
        assertThat(seenByCheck)
                .singleElement()
                .satisfies(f -> assertThat(f.transport()).isEqualTo(Transport.STARTTLS));
        assertThat(r.starttls()).isEqualTo(checked);
        assertThat(r.transcript()).last().asString().contains("kept checked");
    }

    /** A check that may start early, once the facts have a transport and no failure. */
    private FollowUp earlyCheck(String name, java.util.concurrent.Callable<Facts> body) {
        return new FollowUp() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean early() {
                return true;
            }

            @Override
            public boolean appliesTo(ProbeContext probe, Facts facts) {
                return facts.transport() != null && facts.failure() == null;
            }

            @Override
            public @Nullable Checked check(ProbeContext probe, Facts facts, List<InetAddress> addresses) {
                taken.add(name);
                try {
                    return new Checked(body.call(), name + " checked");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Test
    void aCheckThatNeedsOnlyTheHandshakeRunsBesideTheRestOfTheConversationAndIsJoinedAtTheEnd() throws Exception {
        java.util.concurrent.CountDownLatch checkStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch conversationOver = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean sawCheckRunning = new java.util.concurrent.atomic.AtomicBoolean();
        Plan plan = new Plan(
                "beside",
                List.of(
                        ConnectionSteps.RESOLVE,
                        step("handshake", Facts.NONE.with(Transport.TLS)),
                        step("post-TLS capabilities", (probe, link, known) -> {
                            // No timing: the check has started before this step goes on, or never will.
                            try {
                                sawCheckRunning.set(checkStarted.await(10, java.util.concurrent.TimeUnit.SECONDS));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return Outcome.next(Facts.NONE.took(Phase.POST_TLS_CAPABILITIES, 5), link);
                        }),
                        step("close", (probe, link, known) -> {
                            conversationOver.countDown();
                            return Outcome.stop(Facts.NONE, link);
                        })),
                List.of(earlyCheck("legacy", () -> {
                    checkStarted.countDown();
                    // Still going when the conversation ends: the driver waits for it.
                    conversationOver.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    return Facts.NONE.took(Phase.LEGACY_TLS, 9);
                })));

        ProbeResult r = probe(plan);

        assertThat(sawCheckRunning)
                .as("the check ran while the conversation went on")
                .isTrue();
        assertThat(r.failure()).isNull();
        assertThat(r.timings()).containsEntry(Phase.LEGACY_TLS, 9L).containsEntry(Phase.POST_TLS_CAPABILITIES, 5L);
        // Its one line comes after the conversation's, as when it ran after it.
        assertThat(r.transcript()).last().asString().contains("legacy checked");
    }

    @Test
    void aCheckStartedEarlyCountsAsNotRunWhenTheConversationFailsAfterIt() {
        Failure later = new Failure(Phase.POST_TLS_CAPABILITIES, FailureCode.IO_ERROR, "the server hung up");
        Plan plan = new Plan(
                "fails later",
                List.of(
                        ConnectionSteps.RESOLVE,
                        step("handshake", Facts.NONE.with(Transport.TLS)),
                        step(
                                "post-TLS capabilities",
                                (probe, link, known) -> Outcome.stop(Facts.NONE.with(later), link))),
                List.of(earlyCheck("legacy", () -> Facts.NONE.took(Phase.LEGACY_TLS, 9))));

        ProbeResult r = probe(plan);

        assertThat(r.failure()).isEqualTo(later);
        assertThat(r.timings()).doesNotContainKey(Phase.LEGACY_TLS);
        assertThat(r.transcript()).noneMatch(line -> line.contains("legacy checked"));
    }

    @Test
    void aStopEndsTheStepsTheFirstFailureStaysAndIsNotedOnce() {
        Failure first = new Failure(Phase.GREETING, FailureCode.SERVICE_REFUSED, "the server refused the session");
        Failure second = new Failure(Phase.CLOSE, FailureCode.IO_ERROR, "a later failure");
        Plan plan = new Plan(
                "stops",
                List.of(
                        ConnectionSteps.RESOLVE,
                        step("fails", Facts.NONE.with(first)),
                        step("fails again", (probe, link, known) -> Outcome.stop(Facts.NONE.with(second), link)),
                        step("never", Facts.NONE)),
                List.of(followUp("check", new ArrayList<>(), null)));

        ProbeResult r = probe(plan);

        assertThat(taken).containsExactly("fails", "fails again", "check");
        assertThat(r.failure()).isEqualTo(first);
        assertThat(r.transcript())
                .filteredOn(line -> line.contains("failed in"))
                .containsExactly("-- failed in greeting: SERVICE_REFUSED — the server refused the session");
    }

    @Test
    void aStepThatThrowsStillEndsInAResult() {
        Plan plan = new Plan(
                "broken",
                List.of(ConnectionSteps.RESOLVE, step("bug", (probe, link, known) -> {
                    throw new IllegalStateException("a bug");
                })),
                List.of());

        ProbeResult r = probe(plan);

        assertThat(r.failure().code()).isEqualTo(FailureCode.IO_ERROR);
        assertThat(r.failure().message()).isEqualTo("internal error: java.lang.IllegalStateException: a bug");
    }
}
