package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One day count per card: the hint, the validity line and the trust line agree on "N days ago". */
@Timeout(30)
class ProberCertificateDaysTest {

    @Test
    void anExpiredCertificateIsTheSameNumberOfDaysAgoInTheHintTheValidityAndTheTrustLine() {
        // Expired a day and a half ago: rounding up and rounding down would disagree (2 vs 1).
        TestPki pki = TestPki.create(Instant.now().minus(Duration.ofHours(12)));
        Prober prober = new Prober(TestResolver.loopback("expired.test"), Clock.systemUTC());
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(pki.serverContext(pki.expired("expired.test")))
                .start()) {
            ProbeOptions o =
                    ProbeOptions.defaults().withDeadline(Duration.ofSeconds(8)).withLegacyTlsCheck(false);
            ProbeResult r =
                    prober.probe(new ProbeRequest("expired.test", s.port(), Protocol.SMTP, Transport.STARTTLS, o));
            Card card = Card.of(Report.of(r, new Diagnoser()));

            Hint expired = card.hints().stream()
                    .filter(h -> h.code() == HintCode.CERT_EXPIRED)
                    .findFirst()
                    .orElseThrow();
            assertThat(expired.summary()).endsWith("(1 day ago).");
            assertThat(Objects.requireNonNull(r.tls()).trust().reason()).endsWith("(1 day ago)");
            Card.Section certificate = card.sections().stream()
                    .filter(sec ->
                            sec.heading() != null && sec.heading().label().equals("Certificate"))
                    .findFirst()
                    .orElseThrow();
            assertThat(certificate.fields())
                    .anySatisfy(f -> assertThat(f.value()).endsWith("(expired 1 day ago)"))
                    .noneSatisfy(f -> assertThat(f.value()).contains("2 days"));
        }
    }

    @Test
    void aProberReadsACertificateOnceAcrossProbesAndCountsDaysFromEachProbe() {
        TestPki pki = TestPki.create();
        Instant at = Instant.now();
        Prober prober = new Prober(TestResolver.loopback("fleet.test"), Clock.fixed(at, java.time.ZoneOffset.UTC));
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(pki.serverContext(pki.leaf("fleet.test")))
                .start()) {
            ProbeOptions o =
                    ProbeOptions.defaults().withDeadline(Duration.ofSeconds(8)).withLegacyTlsCheck(false);
            ProbeRequest request = new ProbeRequest("fleet.test", s.port(), Protocol.SMTP, Transport.STARTTLS, o);
            var first = Objects.requireNonNull(prober.probe(request).tls()).chain();
            var second = Objects.requireNonNull(prober.probe(request).tls()).chain();

            assertThat(second).hasSize(first.size()).isNotEmpty();
            // Another server (or the same one again) sending the same certificates: read once, the same facts.
            for (int i = 0; i < first.size(); i++) {
                assertThat(second.get(i)).isSameAs(first.get(i));
            }
            assertThat(second.get(0).daysLeft())
                    .isEqualTo(dev.mailtls.tls.DayCount.left(at, second.get(0).notAfter()));
        }
    }
}
