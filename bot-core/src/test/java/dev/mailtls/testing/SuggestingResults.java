package dev.mailtls.testing;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import java.util.List;

/**
 * Representative results whose hints suggest another probe: a silent port per protocol, each
 * transport on the other's port, a STARTTLS port with an implicit-TLS twin, plaintext that could
 * upgrade, and address literals as hosts. Tests run every suggestion through each front end's
 * grammar.
 */
public final class SuggestingResults {
    private SuggestingResults() {}

    public static List<ProbeResult> all() {
        return List.of(
                ProbeResults.yahooNoGreeting().build(),
                silent("mail.example.com", 143, Protocol.IMAP),
                silent("mail.example.com", 110, Protocol.POP3),
                silent("mail.example.com", 2526, Protocol.SMTP),
                silent("192.0.2.25", 587, Protocol.SMTP),
                silent("2001:db8::25", 143, Protocol.IMAP),
                ProbeResults.healthyImplicitTls(Protocol.SMTP)
                        .noGreeting()
                        .noTls()
                        .failure(Phase.HANDSHAKE, FailureCode.PLAINTEXT_ON_TLS_PORT, "plaintext", "220 mx ESMTP")
                        .build(),
                ProbeResults.healthySubmission()
                        .noGreeting()
                        .noTls()
                        .failure(Phase.GREETING, FailureCode.TLS_ON_PLAINTEXT_PORT, "speaks TLS", "TLSv1.3")
                        .build(),
                ProbeResults.healthySubmission().build(),
                ProbeResults.healthyStartTls(Protocol.IMAP).build(),
                ProbeResults.builder("mail.example.com", 110, Protocol.POP3, Transport.PLAIN)
                        .noTls()
                        .greeting("+OK Dovecot ready.")
                        .capsBefore("CAPA", "STLS")
                        .build());
    }

    private static ProbeResult silent(String host, int port, Protocol protocol) {
        return ProbeResults.builder(host, port, protocol, Transport.STARTTLS)
                .noTls()
                .failure(Phase.GREETING, FailureCode.NO_GREETING, "no greeting", null)
                .build();
    }
}
