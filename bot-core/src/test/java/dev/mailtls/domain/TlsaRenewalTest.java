package dev.mailtls.domain;

import static dev.mailtls.domain.TlsaFixtures.presented;
import static dev.mailtls.domain.TlsaFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.CertificateInfo;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records published for one certificate, matched against the certificate a renewal brings: the
 * effect each record announces is the one that happens.
 */
class TlsaRenewalTest {
    private static final Instant NOW = Instant.parse("2031-03-15T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW);
    private static final String MX = "mx.example.com";
    private static final TestPki.Issued BEFORE = PKI.leaf(MX);

    /** 3 1 1, 3 0 1, 2 1 1, 2 0 1 of the chain before the renewal. */
    private static final List<TlsaRecord> PUBLISHED = List.of(
            record(3, 1, 1, BEFORE.leaf()),
            record(3, 0, 1, BEFORE.leaf()),
            record(2, 1, 1, BEFORE.chain().get(1)),
            record(2, 0, 1, BEFORE.chain().get(1)));

    @Test
    void eachRecordAnnouncesWhatARenewalDoesToIt() {
        TlsaMatch today = TlsaMatch.of(PUBLISHED, presented(NOW, BEFORE.chain()));

        assertThat(today.records())
                .extracting(TlsaRecordMatch::renewal)
                .containsExactly(
                        RenewalEffect.LEAF_KEY,
                        RenewalEffect.LEAF_CERTIFICATE,
                        RenewalEffect.ISSUER_KEY,
                        RenewalEffect.ISSUER_CERTIFICATE);
        assertThat(today.records()).allMatch(TlsaRecordMatch::matched);
    }

    @Test
    void aRenewalThatKeepsTheKeyKeeps311AndBreaks301() {
        TestPki.Issued renewed = PKI.leaf(MX); // the same key, a new certificate
        assertThat(renewed.leaf()).isNotEqualTo(BEFORE.leaf());

        assertThat(statuses(renewed.chain()))
                .containsExactly(
                        Map.entry("3 1 1", true),
                        Map.entry("3 0 1", false),
                        Map.entry("2 1 1", true),
                        Map.entry("2 0 1", true));
    }

    @Test
    void aRenewalWithANewKeyBreaks311AndKeeps211() {
        TestPki.Issued renewed = PKI.leafWithNewKey(MX);

        assertThat(statuses(renewed.chain()))
                .containsExactly(
                        Map.entry("3 1 1", false),
                        Map.entry("3 0 1", false),
                        Map.entry("2 1 1", true),
                        Map.entry("2 0 1", true));
    }

    @Test
    void aReissuedIntermediateWithTheSameKeyKeeps211AndBreaks201() {
        // A PKI made a month later re-issues the intermediate certificate over the same key.
        TestPki later = TestPki.create(NOW.plus(Duration.ofDays(30)));
        TestPki.Issued renewed = later.leafWithNewKey(MX);
        assertThat(renewed.chain().get(1)).isNotEqualTo(BEFORE.chain().get(1));

        assertThat(statuses(renewed.chain()))
                .containsExactly(
                        Map.entry("3 1 1", false),
                        Map.entry("3 0 1", false),
                        Map.entry("2 1 1", true),
                        Map.entry("2 0 1", false));
    }

    @Test
    void theSetLastsAsLongAsItsMostDurableMatchedRecord() {
        List<CertificateInfo> chain = presented(NOW, BEFORE.chain());

        assertThat(TlsaMatch.of(PUBLISHED.subList(0, 2), chain).renewal()).isEqualTo(RenewalEffect.LEAF_KEY);
        assertThat(TlsaMatch.of(PUBLISHED.subList(1, 2), chain).renewal()).isEqualTo(RenewalEffect.LEAF_CERTIFICATE);
        assertThat(TlsaMatch.of(PUBLISHED, chain).renewal()).isEqualTo(RenewalEffect.ISSUER_KEY);
        assertThat(TlsaMatch.of(PUBLISHED, presented(NOW, PKI.leafWithNewKey(MX).chain()))
                        .renewal())
                .as("only the 2 x x records still match")
                .isEqualTo(RenewalEffect.ISSUER_KEY);
        assertThat(TlsaMatch.of(List.of(record(1, 1, 1, BEFORE.leaf())), chain).renewal())
                .isNull();
    }

    @Test
    void theSummariesSayWhatSurvivesAndWhatBreaks() {
        assertThat(RenewalEffect.LEAF_KEY.summary())
                .contains("survives a renewal that keeps the key", "new key breaks");
        assertThat(RenewalEffect.LEAF_CERTIFICATE.summary()).startsWith("breaks at every renewal");
        assertThat(RenewalEffect.ISSUER_KEY.summary()).contains("survives leaf renewals", "new CA or intermediate key");
        assertThat(RenewalEffect.ISSUER_KEY.id()).isEqualTo("issuer_key");
    }

    /** Each published record's fields and whether it matches {@code chain}, in publishing order. */
    private static List<Map.Entry<String, Boolean>> statuses(List<X509Certificate> chain) {
        return TlsaMatch.of(PUBLISHED, presented(NOW, chain)).records().stream()
                .map(r -> Map.entry(
                        r.record().usage() + " " + r.record().selector() + " "
                                + r.record().matchingType(),
                        r.matched()))
                .toList();
    }
}
