package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.DiagnoserTest.codes;
import static dev.mailtls.diagnosis.DiagnoserTest.hint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.CommandInjectionCheck;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.testing.ProbeResults;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StartTlsRulesTest {
    private final Diagnoser diagnoser = new Diagnoser();

    @Test
    void anUnadvertisedStartTlsWhoseHandshakeFailedIsNotSaidToWork() {
        ProbeResult r = ProbeResults.healthySubmission()
                .capsBefore("SIZE 35882577", "8BITMIME")
                .starttls(false, StartTlsOutcome.Answer.ACCEPTED, "220 2.0.0 Ready to start TLS")
                .noTls()
                .noCapsAfter()
                .failure(Phase.HANDSHAKE, FailureCode.HANDSHAKE_FAILED, "TLS handshake failed: closed", null)
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(codes(hints)).contains(HintCode.HANDSHAKE_FAILED);
        assertThat(codes(hints)).doesNotContain(HintCode.STARTTLS_NOT_ADVERTISED_BUT_WORKS, HintCode.STARTTLS_OK);
    }

    @ParameterizedTest
    @CsvSource({
        "SMTP, STARTTLS, 502 5.5.1 Unrecognized command",
        "IMAP, STARTTLS, a2 BAD Unknown command",
        "POP3, STLS, -ERR Unknown command"
    })
    void upgradeNotOfferedIsAnErrorInTheProtocolsWords(Protocol protocol, String word, String reply) {
        ProbeResult r = ProbeResults.healthyStartTls(protocol)
                .capsBefore("PIPELINING")
                .starttlsRefused(false, reply)
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        Hint h = hint(hints, HintCode.STARTTLS_NOT_OFFERED);
        assertThat(h.severity()).isEqualTo(Severity.ERROR);
        assertThat(h.summary()).contains("does not offer " + word);
        assertThat(codes(hints)).doesNotContain(HintCode.STARTTLS_REFUSED, HintCode.STARTTLS_OK, HintCode.CERT_OK);
    }

    @Test
    void notOfferedOnAnMxSaysMailTravelsInPlaintext() {
        ProbeResult r = ProbeResults.builder("mx.example.com", 25, Protocol.SMTP, Transport.STARTTLS)
                .greeting("220 mx.example.com ESMTP")
                .capsBefore("PIPELINING", "SIZE 10240000")
                .starttlsRefused(false, "502 5.5.1 Unrecognized command")
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.STARTTLS_NOT_OFFERED).detail())
                .contains("command was refused (502 5.5.1)")
                .contains("Other mail servers deliver to it in plaintext");
    }

    @Test
    void advertisedButRefusedQuotesTheCode() {
        ProbeResult r = ProbeResults.healthySubmission()
                .starttlsRefused(true, "454 4.7.0 TLS not available due to local problem")
                .build();

        Hint h = hint(diagnoser.diagnose(r), HintCode.STARTTLS_REFUSED);

        assertThat(h.summary())
                .isEqualTo("smtp.gmail.com:587 advertises STARTTLS but refused the command (454 4.7.0).");
        assertThat(h.fix()).contains("certificate").contains("key");
    }

    @Test
    void advertisedButUnansweredIsARefusal() {
        ProbeResult r = ProbeResults.healthySubmission()
                .noTls()
                .starttls(true, StartTlsOutcome.Answer.NO_ANSWER, null)
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.STARTTLS_REFUSED).summary())
                .endsWith("but gave no answer to the command.");
    }

    @Test
    void hiddenButWorkingStartTlsIsAWarningNotOk() {
        ProbeResult r = ProbeResults.healthySubmission()
                .capsBefore("SIZE 35882577", "8BITMIME", "XXXXXXXA")
                .starttls(false, StartTlsOutcome.Answer.ACCEPTED, "220 2.0.0 Ready to start TLS")
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(hint(hints, HintCode.STARTTLS_NOT_ADVERTISED_BUT_WORKS).severity())
                .isEqualTo(Severity.WARNING);
        assertThat(codes(hints)).doesNotContain(HintCode.STARTTLS_OK);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void bytesAfterTheGoAheadAreAnInjectionError(Protocol protocol) {
        ProbeResult r =
                ProbeResults.healthyStartTls(protocol).injected("NOOP\\r\\n").build();

        List<Hint> hints = diagnoser.diagnose(r);

        Hint h = hint(hints, HintCode.STARTTLS_INJECTION);
        assertThat(h.severity()).isEqualTo(Severity.ERROR);
        // Bytes from the server are response injection; CVE-2011-0411 is named only as what it is not.
        assertThat(h.detail())
                .contains("response injection")
                .contains("It is not CVE-2011-0411")
                .doesNotContain("NOOP");
        assertThat(codes(hints)).doesNotContain(HintCode.STARTTLS_OK, HintCode.STARTTLS_COMMAND_INJECTION);
    }

    @Test
    void executedPipelinedCommandIsCve20110411() {
        ProbeResult base = ProbeResults.healthyStartTls(Protocol.SMTP).build();
        ProbeResult r = ProbeResults.withStartTls(
                base,
                base.starttls()
                        .withCommandInjection(new CommandInjectionCheck(
                                CommandInjectionCheck.Outcome.EXECUTED, "answered inside TLS: 250 2.0.0 Ok")));

        List<Hint> hints = diagnoser.diagnose(r);

        Hint h = hint(hints, HintCode.STARTTLS_COMMAND_INJECTION);
        assertThat(h.severity()).isEqualTo(Severity.ERROR);
        assertThat(h.summary()).contains("CVE-2011-0411");
        assertThat(codes(hints)).doesNotContain(HintCode.STARTTLS_INJECTION);
    }

    @Test
    void discardedOrUnknownPipelinedCommandIsNoHint() {
        ProbeResult base = ProbeResults.healthyStartTls(Protocol.SMTP).build();
        for (CommandInjectionCheck.Outcome outcome :
                List.of(CommandInjectionCheck.Outcome.DISCARDED, CommandInjectionCheck.Outcome.UNKNOWN)) {
            ProbeResult r = ProbeResults.withStartTls(
                    base, base.starttls().withCommandInjection(new CommandInjectionCheck(outcome, "x")));
            assertThat(codes(diagnoser.diagnose(r))).doesNotContain(HintCode.STARTTLS_COMMAND_INJECTION);
        }
    }

    @Test
    void startTlsOkDoesNotClaimLoginIsProtectedWhenAuthIsOfferedBeforeTls() {
        ProbeResult r = ProbeResults.healthySubmission()
                .capsBefore("STARTTLS", "AUTH PLAIN LOGIN")
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.STARTTLS_OK).summary())
                .isEqualTo("STARTTLS is offered and works.");
    }

    @ParameterizedTest
    @CsvSource({
        "smtp.example.com, 587, SMTP, 465",
        "mail.example.com, 143, IMAP, 993",
        "mail.example.com, 110, POP3, 995"
    })
    void clientStartTlsPortsPointToImplicitTls(String host, int port, Protocol protocol, int implicit) {
        ProbeResult r = ProbeResults.builder(host, port, protocol, Transport.STARTTLS)
                .greeting(protocol == Protocol.SMTP ? "220 ok" : protocol == Protocol.IMAP ? "* OK ready" : "+OK ready")
                .capsBefore("STARTTLS", "STLS")
                .starttls(true, StartTlsOutcome.Answer.ACCEPTED, "ok")
                .build();

        Hint h = hint(diagnoser.diagnose(r), HintCode.IMPLICIT_TLS_AVAILABLE);

        assertThat(h.severity()).isEqualTo(Severity.INFO);
        assertThat(h.summary()).contains("port " + implicit);
        assertThat(h.fix()).contains("mailtls probe " + host + " " + implicit + " tls " + protocol.id());
    }

    @Test
    void mxPortIsNotToldToUseImplicitTls() {
        ProbeResult r = ProbeResults.builder("mx.example.com", 25, Protocol.SMTP, Transport.STARTTLS)
                .greeting("220 mx.example.com ESMTP")
                .capsBefore("STARTTLS")
                .starttls(true, StartTlsOutcome.Answer.ACCEPTED, "220 go ahead")
                .build();

        assertThat(codes(diagnoser.diagnose(r)))
                .contains(HintCode.STARTTLS_OK)
                .doesNotContain(HintCode.IMPLICIT_TLS_AVAILABLE);
    }

    @Test
    void implicitTlsWorkingIsOk() {
        Hint h = hint(
                diagnoser.diagnose(
                        ProbeResults.healthyImplicitTls(Protocol.IMAP).build()),
                HintCode.IMPLICIT_TLS_OK);

        assertThat(h.severity()).isEqualTo(Severity.OK);
        assertThat(h.summary()).contains("TLSv1.3").contains("mail.example.com:993");
    }

    @Test
    void askedForPlainIsAWarningThatNamesTheUpgrade() {
        ProbeResult r = ProbeResults.builder("mail.example.com", 110, Protocol.POP3, Transport.PLAIN)
                .noTls()
                .greeting("+OK Dovecot ready.")
                .capsBefore("CAPA", "STLS")
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        Hint h = hint(hints, HintCode.PLAINTEXT_ONLY);
        assertThat(h.severity()).isEqualTo(Severity.WARNING);
        assertThat(h.detail()).contains("You asked for a plaintext probe, although the server offers STLS.");
        assertThat(h.fix()).contains("mailtls probe mail.example.com 110 starttls pop3");
        assertThat(codes(hints)).doesNotContain(HintCode.CERT_OK, HintCode.STARTTLS_OK);
    }

    @Test
    void autoDetectedPlaintextSaysTheServerOffersNoUpgrade() {
        ProbeResult r = ProbeResults.builder("mail.example.com", 2500, Protocol.SMTP, Transport.PLAIN)
                .requested(null)
                .noTls()
                .greeting("220 mail.example.com ESMTP")
                .capsBefore("PIPELINING")
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.PLAINTEXT_ONLY).detail())
                .startsWith("The server does not offer STARTTLS");
    }
}
