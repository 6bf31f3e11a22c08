package dev.mailtls.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateFactsTest {
    private static final Instant NOW = Instant.parse("2031-03-15T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW);

    @Test
    void aCertificateSentAgainIsNotReadAgain() throws Exception {
        CertificateFacts facts = new CertificateFacts(8);
        X509Certificate intermediate = PKI.intermediate();
        // Another server's handshake: an equal certificate from its own bytes, not the same object.
        X509Certificate again = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(intermediate.getEncoded()));

        CertificateInfo first = facts.of(intermediate, NOW);
        CertificateInfo second = facts.of(again, NOW);

        assertThat(second).isSameAs(first).isEqualTo(CertificateInspector.inspect(again, NOW));
        assertThat(facts.size()).isEqualTo(1);
    }

    @Test
    void daysLeftAreCountedFromEachProbesTime() {
        CertificateFacts facts = new CertificateFacts(8);
        X509Certificate leaf =
                PKI.expiringIn(Duration.ofDays(10), "mail.example.com").leaf();
        Instant later = NOW.plus(Duration.ofDays(12));

        facts.of(leaf, NOW);
        CertificateInfo atLater = facts.of(leaf, later);

        assertThat(atLater).isEqualTo(CertificateInspector.inspect(leaf, later));
        assertThat(atLater.daysLeft()).isNegative();
        assertThat(facts.of(leaf, NOW).daysLeft()).isEqualTo(10);
    }

    @Test
    void keepsAtMostItsCapacityAndStillAnswersPastIt() {
        CertificateFacts facts = new CertificateFacts(2);
        for (String host : new String[] {"a.example.com", "b.example.com", "c.example.com"}) {
            X509Certificate leaf = PKI.leafWithNewKey(host).leaf();
            assertThat(facts.of(leaf, NOW)).isEqualTo(CertificateInspector.inspect(leaf, NOW));
            assertThat(facts.size()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void refusesANonPositiveCapacity() {
        assertThatThrownBy(() -> new CertificateFacts(0)).hasMessageContaining("capacity");
    }
}
