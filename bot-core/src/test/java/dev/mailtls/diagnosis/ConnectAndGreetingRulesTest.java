package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.DiagnoserTest.codes;
import static dev.mailtls.diagnosis.DiagnoserTest.hint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.ProbeResultBuilder;
import dev.mailtls.testing.ProbeResults;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectAndGreetingRulesTest {
    private final Diagnoser diagnoser = new Diagnoser();

    private static ProbeResultBuilder failedBefore(Phase phase, FailureCode code, String message) {
        return ProbeResults.healthySubmission()
                .noGreeting()
                .noTls()
                .address(phase == Phase.RESOLVE ? null : "142.250.102.108")
                .failure(phase, code, message, null);
    }

    @ParameterizedTest
    @CsvSource({
        "RESOLVE, DNS_NOT_FOUND, DNS_NOT_FOUND, does not exist in DNS",
        "RESOLVE, DNS_ERROR, DNS_FAILED, could not be resolved",
        "CONNECT, CONNECT_REFUSED, CONNECT_REFUSED, is closed: the connection was refused",
        "CONNECT, CONNECT_TIMEOUT, CONNECT_TIMEOUT, filtered by a firewall",
        "CONNECT, CONNECT_UNREACHABLE, CONNECT_UNREACHABLE, is unreachable",
        "CONNECT, CONNECT_ERROR, CONNECT_FAILED, failed",
        "HANDSHAKE, DEADLINE_EXCEEDED, DEADLINE_EXCEEDED, ran out of time",
    })
    void connectFailuresAreOneErrorEach(Phase phase, FailureCode failure, HintCode expected, String words) {
        List<Hint> hints =
                diagnoser.diagnose(failedBefore(phase, failure, "it failed").build());

        assertThat(codes(hints)).containsExactly(expected);
        assertThat(hints.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(hints.get(0).summary()).contains(words);
        assertThat(hints.get(0).fix()).isNotBlank();
    }

    @Test
    void aSilentImplicitTlsPortSaysWhatWasSeenNotThatTheServerWasSlow() {
        ProbeResult r = ProbeResults.builder("mail.example.com", 465, Protocol.SMTP, Transport.TLS)
                .noGreeting()
                .noTls()
                .address("192.0.2.25")
                .timing(Phase.CONNECT, 20)
                .timing(Phase.HANDSHAKE, 14_900)
                .failure(Phase.HANDSHAKE, FailureCode.DEADLINE_EXCEEDED, "the probe's deadline passed", null)
                .build();

        Hint h = hint(diagnoser.diagnose(r), HintCode.DEADLINE_EXCEEDED);

        assertThat(h.summary())
                .isEqualTo("Connected to mail.example.com:465 (192.0.2.25) and sent the TLS ClientHello, but no TLS"
                        + " answer came in 14.9 s.");
        assertThat(h.detail())
                .doesNotContain("tarpit", "overloaded", "slow network")
                .contains("may not speak TLS");
        assertThat(h.fix()).contains("starttls or plain");
    }

    @Test
    void refusedNamesPortHostAndAddress() {
        Hint h = diagnoser
                .diagnose(failedBefore(Phase.CONNECT, FailureCode.CONNECT_REFUSED, "refused")
                        .build())
                .get(0);

        assertThat(h.summary())
                .isEqualTo("Port 587 on smtp.gmail.com (142.250.102.108) is closed: the connection was refused.");
    }

    @Test
    void connectTimeoutOnPort25MentionsProviderBlocks() {
        ProbeResult r = ProbeResults.builder("mx.example.com", 25, Protocol.SMTP, Transport.STARTTLS)
                .noTls()
                .failure(Phase.CONNECT, FailureCode.CONNECT_TIMEOUT, "timed out", null)
                .build();

        Hint h = hint(diagnoser.diagnose(r), HintCode.CONNECT_TIMEOUT);

        assertThat(h.summary())
                .isEqualTo("No answer from mx.example.com:25 in 5 s: the port looks filtered by a firewall.");
        assertThat(h.detail()).contains("block outgoing connections to port 25");
    }

    @Test
    void yahooSilenceSuggestsImplicitTlsOnItsPort() {
        List<Hint> hints = diagnoser.diagnose(ProbeResults.yahooNoGreeting().build());

        assertThat(codes(hints)).containsExactly(HintCode.NO_GREETING);
        Hint h = hints.get(0);
        assertThat(h.severity()).isEqualTo(Severity.ERROR);
        assertThat(h.summary()).isEqualTo("The port accepted the connection but the server sent nothing in 10 s.");
        assertThat(h.detail()).contains("unresponsive").contains("implicit TLS");
        assertThat(h.fix()).startsWith("try: mailtls probe smtp.mail.yahoo.com 465 tls smtp");
    }

    @ParameterizedTest
    @CsvSource({
        "IMAP, 143, mailtls probe mail.example.com 993 tls imap",
        "POP3, 110, mailtls probe mail.example.com 995 tls pop3",
        "SMTP, 2526, mailtls probe mail.example.com 2526 tls smtp",
    })
    void noGreetingSuggestsTheProtocolsImplicitTlsPort(Protocol protocol, int port, String suggestion) {
        ProbeResult r = ProbeResults.builder("mail.example.com", port, protocol, Transport.STARTTLS)
                .noTls()
                .failure(Phase.GREETING, FailureCode.NO_GREETING, "no greeting", null)
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.NO_GREETING).fix()).startsWith("try: " + suggestion);
    }

    @Test
    void noGreetingAfterImplicitTlsBlamesTheServiceBehindTls() {
        ProbeResult r = ProbeResults.healthyImplicitTls(Protocol.SMTP)
                .noGreeting()
                .failure(Phase.GREETING, FailureCode.NO_GREETING, "no greeting", null)
                .build();

        Hint h = hint(diagnoser.diagnose(r), HintCode.NO_GREETING);

        assertThat(h.detail()).contains("TLS handshake worked");
        assertThat(h.fix()).doesNotContain("try:");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "421 4.7.0 Try again later, closing connection. | SMTP | (421 4.7.0)",
                "554 No SMTP service here | SMTP | (554)",
                "* BYE Too many connections from your IP | IMAP | (BYE)",
                "-ERR [SYS/TEMP] Server busy | POP3 | (-ERR)",
            })
    void serviceRefusalQuotesOnlyTheReplyCode(String greeting, Protocol protocol, String code) {
        ProbeResult r = ProbeResults.builder("mail.example.com", 25, protocol, Transport.STARTTLS)
                .greetingRefused(greeting)
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        Hint h = hint(hints, HintCode.SERVICE_REFUSED);
        assertThat(h.summary()).isEqualTo("mail.example.com:25 refused the session " + code + ".");
        assertThat(h.detail()).contains("throttling");
        assertThat(codes(hints)).doesNotContain(HintCode.STARTTLS_NOT_OFFERED, HintCode.PLAINTEXT_ONLY);
    }

    @Test
    void closeWithoutGreetingIsARefusal() {
        ProbeResult r = ProbeResults.yahooNoGreeting()
                .failure(Phase.GREETING, FailureCode.CONNECTION_CLOSED, "closed", null)
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.SERVICE_REFUSED).summary())
                .endsWith("closed the connection without a greeting.");
    }

    @ParameterizedTest
    @CsvSource({"3001, true", "12000, true", "3000, false", "40, false"})
    void slowGreetingIsAWarningAboveTheConfiguredDelay(long delayMs, boolean slow) {
        ProbeResult r = ProbeResults.healthySubmission().greetingDelay(delayMs).build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(codes(hints).contains(HintCode.SLOW_GREETING)).isEqualTo(slow);
        if (slow) {
            assertThat(hint(hints, HintCode.SLOW_GREETING).severity()).isEqualTo(Severity.WARNING);
            assertThat(hint(hints, HintCode.SLOW_GREETING).summary()).contains("(slower than 3 s)");
        }
    }

    @Test
    void slowGreetingFollowsTheRequestsOption() {
        ProbeOptions patient = ProbeOptions.defaults()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(20));
        ProbeResult r = ProbeResults.healthySubmission()
                .options(patient)
                .greetingDelay(12_000)
                .build();

        assertThat(codes(diagnoser.diagnose(r))).doesNotContain(HintCode.SLOW_GREETING);
    }

    @Test
    void plaintextGreetingOnATlsPortSaysWhatThePortSpeaks() {
        ProbeResult r = ProbeResults.healthyImplicitTls(Protocol.SMTP)
                .noGreeting()
                .noTls()
                .failure(Phase.HANDSHAKE, FailureCode.PLAINTEXT_ON_TLS_PORT, "plaintext", "220 mx ESMTP Postfix")
                .build();

        Hint h = hint(diagnoser.diagnose(r), HintCode.PLAINTEXT_ON_TLS_PORT);

        assertThat(h.summary()).isEqualTo("Port 465 on smtp.gmail.com speaks plaintext, not implicit TLS.");
        assertThat(h.fix()).startsWith("try: mailtls probe smtp.gmail.com 465 starttls smtp");
        assertThat(codes(diagnoser.diagnose(r))).doesNotContain(HintCode.HANDSHAKE_FAILED);
    }

    @Test
    void tlsOnAPlaintextPortSuggestsTls() {
        ProbeResult r = ProbeResults.healthySubmission()
                .noGreeting()
                .noTls()
                .failure(
                        Phase.GREETING,
                        FailureCode.TLS_ON_PLAINTEXT_PORT,
                        "speaks TLS",
                        "TLSv1.3 TLS_AES_128_GCM_SHA256")
                .build();

        Hint h = hint(diagnoser.diagnose(r), HintCode.TLS_ON_PLAINTEXT_PORT);

        assertThat(h.summary()).isEqualTo("Port 587 on smtp.gmail.com speaks implicit TLS, not a plaintext greeting.");
        assertThat(h.fix()).startsWith("try: mailtls probe smtp.gmail.com 587 tls smtp");
    }

    @Test
    void nonMailGreetingIsUnexpected() {
        ProbeResult r = ProbeResults.healthySubmission()
                .noGreeting()
                .noTls()
                .failure(Phase.GREETING, FailureCode.UNEXPECTED_REPLY, "it is not a mail greeting", "SSH-2.0-OpenSSH")
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.UNEXPECTED_GREETING).summary())
                .isEqualTo("The first line from smtp.gmail.com:587 is not an SMTP greeting.");
    }

    @ParameterizedTest
    @CsvSource({
        "CAPABILITIES, LINE_TOO_LONG",
        "CAPABILITIES, TOO_MANY_LINES",
        "POST_TLS_CAPABILITIES, CONNECTION_CLOSED",
        "CAPABILITIES, READ_TIMEOUT",
        "CAPABILITIES, UNEXPECTED_REPLY",
    })
    void brokenConversationIsAProtocolError(Phase phase, FailureCode code) {
        ProbeResult r = ProbeResults.healthySubmission()
                .failure(phase, code, "details", null)
                .build();

        Hint h = hint(diagnoser.diagnose(r), HintCode.PROTOCOL_ERROR);

        assertThat(h.summary()).contains("during " + phase.key()).contains(code.meaning());
    }
}
