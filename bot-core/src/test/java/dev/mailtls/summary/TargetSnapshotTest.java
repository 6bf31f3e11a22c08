package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.Prober;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A snapshot keeps exactly the facts a summary line and change detection need. */
@Timeout(30)
class TargetSnapshotTest {
    private static final TestPki PKI = TestPki.create();

    @Test
    void aStarttlsProbeYieldsVersionCipherCertificateAndWarnings() {
        TestPki.Issued leaf = PKI.leaf("mail.test");
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(leaf))
                .start()) {
            Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC());
            ProbeRequest request = new ProbeRequest(
                    "mail.test",
                    s.port(),
                    Protocol.SMTP,
                    Transport.STARTTLS,
                    ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false));
            Report report = Report.of(prober.probe(request), new Diagnoser());

            TargetSnapshot snap = TargetSnapshot.of("mail.test " + s.port() + " starttls", report);

            assertThat(snap.target()).isEqualTo("mail.test " + s.port() + " starttls");
            assertThat(snap.hostPort()).isEqualTo("mail.test:" + s.port());
            assertThat(snap.status()).isEqualTo(report.status());
            assertThat(snap.failureCode()).isNull();
            assertThat(snap.tlsVersion()).startsWith("TLSv1.");
            assertThat(snap.cipherSuite()).startsWith("TLS_");
            assertThat(snap.starttlsOffered()).isTrue();
            assertThat(snap.certSha256()).isNotBlank();
            assertThat(snap.certNotAfter()).isEqualTo(leaf.leaf().getNotAfter().toInstant());
            assertThat(snap.certSubject()).contains("CN=mail.test");
            // The test PKI's root is not trusted here: an error hint, kept by code.
            assertThat(snap.hintCodes())
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c).matches("[A-Z_]+"));
            assertThat(snap.hintCodes()).doesNotContain("STARTTLS_OK");
        }
    }
}
