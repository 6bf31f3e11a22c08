package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A server probed as the wrong mail protocol: one message, what was expected and what it looks like. */
@Timeout(30)
class ProberGreetingMismatchTest {
    private final Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC());

    @ParameterizedTest
    @CsvSource({
        "IMAP, '220 mail.test ESMTP', an IMAP, an SMTP",
        "SMTP, '* OK IMAP4rev1 ready', an SMTP, an IMAP",
        "POP3, '* OK IMAP4rev1 ready', a POP3, an IMAP",
        "IMAP, '+OK POP3 ready', an IMAP, a POP3",
    })
    void theHintSaysWhatWasAskedForAndWhatTheServerSpeaks(
            Protocol asked, String greeting, String expected, String looksLike) {
        ProbeOptions o =
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(3)).withLegacyTlsCheck(false);
        try (FaultServer server = FaultServer.refusing(greeting)) {
            ProbeResult r = prober.probe(new ProbeRequest("mail.test", server.port(), asked, Transport.STARTTLS, o));
            Report report = Report.of(r, new Diagnoser());

            String phrase = "is not " + expected + " greeting: it looks like " + looksLike + " greeting";
            assertThat(r.failure().message()).isEqualTo("the server's first line " + phrase);
            Hint h = report.hints().stream()
                    .filter(x -> x.code() == HintCode.UNEXPECTED_GREETING)
                    .findFirst()
                    .orElseThrow();
            assertThat(h.summary()).isEqualTo("The first line from mail.test:" + server.port() + " " + phrase + ".");
            assertThat(h.detail() + h.fix()).doesNotContain(" a IMAP", " a SMTP", "greets like");
        }
    }
}
