package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CVE-2011-0411: a command pipelined in plaintext after STARTTLS must not be executed inside TLS. */
@Timeout(30)
class ProberCommandInjectionTest {
    private static final TestPki PKI = TestPki.create();
    private final Prober prober = new Prober(TestResolver.loopback("mx.test"), Clock.systemUTC());

    private ProbeResult smtp(int port, ProbeOptions o) {
        return prober.probe(new ProbeRequest("mx.test", port, Protocol.SMTP, Transport.STARTTLS, o));
    }

    private static ProbeOptions options() {
        return ProbeOptions.defaults().withDeadline(Duration.ofSeconds(8));
    }

    @Test
    void serverExecutingPipelinedCommandsInsideTlsIsCaught() {
        try (FaultServer s = FaultServer.executesPipelinedAfterStartTls(PKI.serverContext(PKI.leaf("mx.test")))) {
            ProbeResult r = smtp(s.port(), options());
            assertThat(r.failure()).as(() -> String.join("\n", r.transcript())).isNull();
            CommandInjectionCheck check = r.starttls().commandInjection();
            assertThat(check).as(() -> String.join("\n", r.transcript())).isNotNull();
            assertThat(check.outcome()).as(check.detail()).isEqualTo(CommandInjectionCheck.Outcome.EXECUTED);
            assertThat(check.detail()).contains("250 2.0.0 Ok");
            // The normal probe itself saw nothing wrong before the handshake.
            assertThat(r.starttls().injectedBytes()).isNull();
            Report report = Report.of(r, new Diagnoser());
            assertThat(report.hints())
                    .extracting(Hint::code)
                    .contains(HintCode.STARTTLS_COMMAND_INJECTION)
                    .doesNotContain(HintCode.STARTTLS_INJECTION);
            assertThat(new TextRenderer().render(Card.of(report)))
                    .contains("STARTTLS_COMMAND_INJECTION")
                    .contains("executed inside TLS");
        }
    }

    @Test
    void serverDiscardingPipelinedCommandsPasses() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mx.test")))
                .start()) {
            ProbeResult r = smtp(s.port(), options());
            assertThat(r.failure()).isNull();
            CommandInjectionCheck check = r.starttls().commandInjection();
            assertThat(check.outcome()).as(check.detail()).isEqualTo(CommandInjectionCheck.Outcome.DISCARDED);
            // Probe, legacy check (one offer for TLS 1.0 and 1.1), this check: and the pipelined NOOP never
            // reached the server's ears over TLS.
            assertThat(s.connections()).isEqualTo(3);
            assertThat(s.receivedOverTls()).doesNotContain("NOOP");
            assertThat(new Diagnoser().diagnose(r))
                    .extracting(Hint::code)
                    .doesNotContain(HintCode.STARTTLS_COMMAND_INJECTION)
                    .contains(HintCode.STARTTLS_OK);
        }
    }

    @Test
    void checkIsSmtpOnlyAndOffWithTheSecondConnectionChecks() {
        try (ScriptedMailServer imap = ScriptedMailServer.builder(Protocol.IMAP)
                        .sslContext(PKI.serverContext(PKI.leaf("mx.test")))
                        .start();
                ScriptedMailServer smtp = ScriptedMailServer.builder(Protocol.SMTP)
                        .sslContext(PKI.serverContext(PKI.leaf("mx.test")))
                        .start()) {
            ProbeResult i = prober.probe(
                    new ProbeRequest("mx.test", imap.port(), Protocol.IMAP, Transport.STARTTLS, options()));
            assertThat(i.starttls().commandInjection()).isNull();
            // The probe and the legacy check's one offer: no command-injection connection for IMAP.
            assertThat(imap.connections()).isEqualTo(2);
            ProbeResult off = smtp(smtp.port(), options().withLegacyTlsCheck(false));
            assertThat(off.starttls().commandInjection()).isNull();
            assertThat(smtp.connections()).isEqualTo(1);
        }
    }
}
