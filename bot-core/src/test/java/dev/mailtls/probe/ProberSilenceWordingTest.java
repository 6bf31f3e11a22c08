package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.text.HumanTime;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A silence is told once: the wait the probe actually used, in the hint, the timings and the transcript. */
@Timeout(30)
class ProberSilenceWordingTest {
    private final Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC());

    @Test
    void aGreetingCutShortByTheDeadlineIsQuotedWithTheWaitUsedEverywhere() {
        // The greeting timeout (10 s) is longer than the deadline allows: the wait used is shorter.
        ProbeOptions o =
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(3)).withLegacyTlsCheck(false);
        try (FaultServer silent = FaultServer.silent()) {
            ProbeResult r =
                    prober.probe(new ProbeRequest("mail.test", silent.port(), Protocol.SMTP, Transport.STARTTLS, o));
            Card card = Card.of(Report.of(r, new Diagnoser()));

            assertThat(r.failure()).isNotNull();
            assertThat(r.failure().code()).isEqualTo(FailureCode.NO_GREETING);
            Duration waited = r.failure().waited();
            assertThat(waited).isNotNull().isLessThan(o.greetingTimeout()).isLessThan(o.deadline());
            String in = HumanTime.of(waited.toMillis());
            Hint h = card.hints().stream()
                    .filter(x -> x.code() == HintCode.NO_GREETING)
                    .findFirst()
                    .orElseThrow();
            assertThat(h.summary())
                    .isEqualTo("The port accepted the connection but the server sent nothing in " + in + ".");
            assertThat(card.timings()).contains("greeting — (no answer in " + in + ")");
            assertThat(r.transcript()).anySatisfy(line -> assertThat(line).contains("no greeting in " + in + ";"));
            assertThat(String.join("\n", r.transcript())).doesNotContain("10 s");
            // The second look at the port found no TLS either: the hint does not suggest it expects TLS.
            assertThat(r.failure().message()).contains("a TLS handshake did not succeed either");
            assertThat(h.detail()).doesNotContain("expects implicit TLS").contains("did not succeed either");
        }
    }

    @Test
    void aSilentImplicitTlsPortIsToldAsSeenNotBlamedOnSlowness() {
        ProbeOptions o =
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(2)).withLegacyTlsCheck(false);
        try (FaultServer silent = FaultServer.silent()) {
            ProbeResult r = prober.probe(new ProbeRequest("mail.test", silent.port(), Protocol.SMTP, Transport.TLS, o));
            Hint h = new Diagnoser()
                    .diagnose(r).stream()
                            .filter(x -> x.code() == HintCode.DEADLINE_EXCEEDED)
                            .findFirst()
                            .orElseThrow();

            assertThat(h.summary())
                    .startsWith("Connected to mail.test:" + silent.port() + " (127.0.0.1) and sent the TLS ClientHello,"
                            + " but no TLS answer came in ");
            assertThat(h.detail()).doesNotContain("tarpit");
        }
    }
}
