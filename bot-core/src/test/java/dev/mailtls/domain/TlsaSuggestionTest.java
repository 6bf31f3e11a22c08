package dev.mailtls.domain;

import static dev.mailtls.domain.TlsaFixtures.data;
import static dev.mailtls.domain.TlsaFixtures.presented;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.CertificateInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsaSuggestionTest {
    private static final Instant NOW = Instant.parse("2031-03-15T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW);
    private static final String MX = "mx.example.com";
    private static final TestPki.Issued SERVED = PKI.leaf(MX);
    private static final List<CertificateInfo> CHAIN = presented(NOW, SERVED.chain());

    @Test
    void suggestsDaneEeOfTheLeafKeyAndDaneTaOfItsIssuersKey() {
        assertThat(TlsaSuggestion.records(CHAIN))
                .containsExactly(
                        new TlsaRecord(3, 1, 1, data(1, 1, SERVED.leaf())),
                        new TlsaRecord(2, 1, 1, data(1, 1, PKI.intermediate())));
    }

    @Test
    void theSuggestedRecordsMatchTheChainTheyWereMadeFor() {
        TlsaMatch match = TlsaMatch.of(TlsaSuggestion.records(CHAIN), CHAIN);

        assertThat(match.matched()).isTrue();
        assertThat(match.records()).extracting(TlsaRecordMatch::certificate).containsExactly(0, 1);
    }

    @Test
    void theSuggestedPairKeepsMatchingThroughARenewalWithANewKey() {
        List<CertificateInfo> renewed = presented(NOW, PKI.leafWithNewKey(MX).chain());

        TlsaMatch match = TlsaMatch.of(TlsaSuggestion.records(CHAIN), renewed);

        assertThat(match.matched()).isTrue();
        assertThat(match.records()).extracting(TlsaRecordMatch::matched).containsExactly(false, true);
    }

    @Test
    void aSelfSignedServerGetsOnlyTheDaneEeRecord() {
        TestPki.Issued self = PKI.selfSigned(MX);

        assertThat(TlsaSuggestion.records(presented(NOW, self.chain())))
                .containsExactly(new TlsaRecord(3, 1, 1, data(1, 1, self.leaf())));
    }

    @Test
    void theIssuerIsTheCertificateThatSignedTheLeafWhereverItWasSent() {
        // Sent out of order, with the root first: the issuer is still the intermediate.
        List<CertificateInfo> shuffled = presented(NOW, List.of(SERVED.leaf(), PKI.root(), PKI.intermediate()));

        assertThat(TlsaSuggestion.records(shuffled).get(1))
                .isEqualTo(new TlsaRecord(2, 1, 1, data(1, 1, PKI.intermediate())));
    }

    @Test
    void noCertificateNoSuggestion() {
        assertThat(TlsaSuggestion.records(List.of())).isEmpty();
    }

    @Test
    void zoneLinesAreReadyToPasteUnderTheMxHostsPort25Name() {
        assertThat(TlsaSuggestion.zoneLines("MX.Example.com.", CHAIN))
                .containsExactly(
                        "_25._tcp.mx.example.com. IN TLSA 3 1 1 " + data(1, 1, SERVED.leaf()),
                        "_25._tcp.mx.example.com. IN TLSA 2 1 1 " + data(1, 1, PKI.intermediate()));
        assertThat(TlsaSuggestion.owner("mx.example.com")).isEqualTo("_25._tcp.mx.example.com");
        assertThatThrownBy(() -> TlsaSuggestion.owner(".")).isInstanceOf(IllegalArgumentException.class);
    }
}
