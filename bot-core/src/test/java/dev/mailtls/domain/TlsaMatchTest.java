package dev.mailtls.domain;

import static dev.mailtls.domain.TlsaFixtures.data;
import static dev.mailtls.domain.TlsaFixtures.oneByteOff;
import static dev.mailtls.domain.TlsaFixtures.presented;
import static dev.mailtls.domain.TlsaFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.domain.TlsaRecordMatch.Status;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.HostnameVerdict;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TlsaMatchTest {
    private static final Instant NOW = Instant.parse("2031-03-15T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW);
    private static final String MX = "mx.example.com";
    private static final TestPki.Issued SERVED = PKI.leaf(MX);
    private static final X509Certificate LEAF = SERVED.leaf();
    private static final X509Certificate INTERMEDIATE = PKI.intermediate();
    private static final List<CertificateInfo> CHAIN = presented(NOW, SERVED.chain());
    private static final HostnameVerdict NAME_MATCHES = new HostnameVerdict(true, false, "matches SAN " + MX);
    private static final HostnameVerdict NAME_DIFFERS = new HostnameVerdict(false, false, "none match");

    /** Usages 2 and 3 with every selector and matching type: the ones SMTP uses. */
    static Stream<Arguments> usableFields() {
        List<Arguments> out = new ArrayList<>();
        for (int usage : new int[] {2, 3}) {
            for (int selector : new int[] {0, 1}) {
                for (int matchingType : new int[] {0, 1, 2}) {
                    out.add(Arguments.of(usage, selector, matchingType));
                }
            }
        }
        return out.stream();
    }

    /** Usages 0 and 1 with every selector and matching type: not for SMTP. */
    static Stream<Arguments> pkixFields() {
        return usableFields().map(a -> Arguments.of((int) a.get()[0] - 2, a.get()[1], a.get()[2]));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("usableFields")
    void everyUsableCombinationMatchesItsCertificate(int usage, int selector, int matchingType) {
        int position = usage == 3 ? 0 : 1;
        X509Certificate target = usage == 3 ? LEAF : INTERMEDIATE;

        TlsaMatch match = TlsaMatch.of(List.of(record(usage, selector, matchingType, target)), CHAIN);

        assertThat(match.matched()).isTrue();
        TlsaRecordMatch only = match.records().get(0);
        assertThat(only.status()).isEqualTo(Status.MATCHED);
        assertThat(only.certificate()).isEqualTo(position);
        assertThat(only.reason()).contains(CHAIN.get(position).subject());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("usableFields")
    void everyUsableCombinationWithOneWrongByteDoesNotMatch(int usage, int selector, int matchingType) {
        X509Certificate target = usage == 3 ? LEAF : INTERMEDIATE;
        TlsaRecord wrong =
                new TlsaRecord(usage, selector, matchingType, oneByteOff(data(selector, matchingType, target)));

        TlsaMatch match = TlsaMatch.of(List.of(wrong), CHAIN);

        assertThat(match.matched()).isFalse();
        assertThat(match.records().get(0).status()).isEqualTo(Status.NOT_MATCHED);
        assertThat(match.records().get(0).certificate()).isNull();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("pkixFields")
    void pkixUsagesAreUnusableForSmtpEvenWhenTheDataFits(int usage, int selector, int matchingType) {
        X509Certificate target = usage == 1 ? LEAF : INTERMEDIATE;

        TlsaMatch match = TlsaMatch.of(List.of(record(usage, selector, matchingType, target)), CHAIN);

        assertThat(match.matched()).isNull();
        TlsaRecordMatch only = match.records().get(0);
        assertThat(only.status()).isEqualTo(Status.UNUSABLE);
        assertThat(only.reason()).contains("not for SMTP", "RFC 7672");
        assertThat(only.renewal()).isEqualTo(RenewalEffect.NOT_USED);
    }

    @Test
    void unknownFieldsAndMalformedDigestsAreUnusable() {
        String spki256 = data(1, 1, LEAF);
        List<TlsaRecord> odd = List.of(
                new TlsaRecord(4, 1, 1, spki256),
                new TlsaRecord(3, 2, 1, spki256),
                new TlsaRecord(3, 1, 3, spki256),
                new TlsaRecord(3, 1, 1, spki256.substring(0, 40)), // 20 bytes: a SHA-1 length
                new TlsaRecord(3, 1, 2, spki256), // 32 bytes where SHA-512 has 64
                new TlsaRecord(3, 0, 0, ""));

        TlsaMatch match = TlsaMatch.of(odd, CHAIN);

        assertThat(match.matched()).isNull();
        assertThat(match.records()).extracting(TlsaRecordMatch::status).containsOnly(Status.UNUSABLE);
        assertThat(match.records())
                .extracting(TlsaRecordMatch::reason)
                .containsExactly(
                        "usage 4 is unknown (RFC 6698 defines 0 to 3; SMTP uses 2 and 3)",
                        "selector 2 is unknown (0: the whole certificate, 1: its public key)",
                        "matching type 3 is unknown (0: exact, 1: SHA-256, 2: SHA-512)",
                        "a SHA-256 digest is 32 bytes, this record holds 20: the record is malformed",
                        "a SHA-512 digest is 64 bytes, this record holds 32: the record is malformed",
                        "the record holds no data to compare");
    }

    @Test
    void unusableRecordsNeitherHideAMismatchNorSpoilAMatch() {
        TlsaRecord pkix = record(1, 1, 1, LEAF);
        TlsaRecord wrong = new TlsaRecord(3, 1, 1, oneByteOff(data(1, 1, LEAF)));
        TlsaRecord right = record(3, 1, 1, LEAF);

        assertThat(TlsaMatch.of(List.of(pkix, wrong), CHAIN).matched()).isFalse();
        assertThat(TlsaMatch.of(List.of(pkix, wrong, right), CHAIN).matched()).isTrue();
        assertThat(TlsaMatch.of(List.of(), CHAIN).matched()).isNull();
    }

    @Test
    void aMismatchNamesTheDataTheLeafWouldNeed() {
        TlsaRecord wrong = new TlsaRecord(3, 1, 1, oneByteOff(data(1, 1, LEAF)));

        String reason = TlsaMatch.of(List.of(wrong), CHAIN).records().get(0).reason();

        assertThat(reason).isEqualTo("does not match the leaf (CN=mx.example.com), whose 3 1 1 is " + data(1, 1, LEAF));
    }

    @Test
    void daneTaMatchesTheRootWhenTheServerSendsIt() {
        List<CertificateInfo> withRoot = presented(NOW, List.of(LEAF, INTERMEDIATE, PKI.root()));

        TlsaMatch match = TlsaMatch.of(List.of(record(2, 1, 1, PKI.root())), withRoot);

        assertThat(match.matched()).isTrue();
        assertThat(match.records().get(0).certificate()).isEqualTo(2);
        assertThat(match.records().get(0).reason()).contains("through the intermediates");
    }

    @Test
    void daneTaForARootTheServerDoesNotSendDoesNotMatch() {
        TlsaRecord root = record(2, 1, 1, PKI.root());

        TlsaRecordMatch only = TlsaMatch.of(List.of(root), CHAIN).records().get(0);

        assertThat(only.status()).isEqualTo(Status.NOT_MATCHED);
        assertThat(only.reason())
                .startsWith("matches none of the 1 CA certificates the server sent; the leaf's issuer"
                        + " (CN=mailtls Test Intermediate CA, O=mailtls tests) has 2 1 1 " + data(1, 1, INTERMEDIATE));
    }

    @Test
    void daneTaDoesNotMatchACertificateThatDidNotIssueTheLeaf() {
        // The root is sent, but the leaf names the intermediate as its issuer and that was left out.
        List<CertificateInfo> gap = presented(NOW, List.of(LEAF, PKI.root()));

        TlsaRecordMatch only = TlsaMatch.of(List.of(record(2, 1, 1, PKI.root())), gap)
                .records()
                .get(0);

        assertThat(only.status()).isEqualTo(Status.NOT_MATCHED);
        assertThat(only.reason()).endsWith("which did not issue the leaf");
    }

    @Test
    void daneTaDoesNotMatchACaCertificateWithTheIssuersNameButAnotherKey() throws Exception {
        X509Certificate impostor = selfSigned(TestPki.INTERMEDIATE_NAME.getName());
        List<CertificateInfo> forged = presented(NOW, List.of(LEAF, impostor));

        TlsaRecordMatch only = TlsaMatch.of(List.of(record(2, 1, 1, impostor)), forged)
                .records()
                .get(0);

        assertThat(only.status()).isEqualTo(Status.NOT_MATCHED);
        assertThat(only.reason()).endsWith("which did not issue the leaf");
    }

    @Test
    void daneTaForTheLeafItselfDoesNotMatchAndSaysToUseDaneEe() {
        TlsaRecordMatch only =
                TlsaMatch.of(List.of(record(2, 1, 1, LEAF)), CHAIN).records().get(0);

        assertThat(only.status()).isEqualTo(Status.NOT_MATCHED);
        assertThat(only.reason()).contains("matches the leaf itself", "usage 3 (DANE-EE)");
    }

    @Test
    void daneEeForTheIntermediateDoesNotMatchAndSaysToUseDaneTa() {
        TlsaRecordMatch only = TlsaMatch.of(List.of(record(3, 1, 1, INTERMEDIATE)), CHAIN)
                .records()
                .get(0);

        assertThat(only.status()).isEqualTo(Status.NOT_MATCHED);
        assertThat(only.reason()).contains("it matches certificate 1", "needs usage 2 (DANE-TA)");
    }

    @Test
    void daneTaWithOnlyTheLeafSentCannotMatch() {
        List<CertificateInfo> bare = presented(NOW, PKI.missingIntermediate(MX).chain());

        TlsaRecordMatch only = TlsaMatch.of(List.of(record(2, 1, 1, INTERMEDIATE)), bare)
                .records()
                .get(0);

        assertThat(only.status()).isEqualTo(Status.NOT_MATCHED);
        assertThat(only.reason()).startsWith("the server sent only its own certificate");
    }

    @Test
    void noCertificateMatchesNothing() {
        TlsaMatch match = TlsaMatch.of(List.of(record(3, 1, 1, LEAF)), List.of());

        assertThat(match.matched()).isFalse();
        assertThat(match.records().get(0).reason()).isEqualTo("the server presented no certificate");
    }

    @Test
    void aChainWithoutItsEncodingIsRefused() {
        List<CertificateInfo> handMade = List.of(Certificates.leaf(MX).build());

        assertThatThrownBy(() -> TlsaMatch.of(List.of(record(3, 1, 1, LEAF)), handMade))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificate 0 of the chain (CN=mx.example.com) has no DER encoding");
    }

    @Test
    void aDaneTaMatchLeavesTheNameCheckToTheCaller() {
        TlsaMatch match = TlsaMatch.of(List.of(record(2, 1, 1, INTERMEDIATE)), CHAIN);

        assertThat(match.nameCheckRequired()).isTrue();
        assertThat(match.authenticated(NAME_MATCHES)).isTrue();
        assertThat(match.authenticated(NAME_DIFFERS)).isFalse();
    }

    @Test
    void aDaneEeMatchNeedsNoNameCheck() {
        TlsaMatch match = TlsaMatch.of(List.of(record(2, 1, 1, INTERMEDIATE), record(3, 1, 1, LEAF)), CHAIN);

        assertThat(match.nameCheckRequired()).isFalse();
        assertThat(match.authenticated(NAME_DIFFERS)).isTrue();
    }

    @Test
    void withoutAMatchNothingIsAuthenticatedWhateverTheName() {
        TlsaRecord wrong = new TlsaRecord(3, 1, 1, oneByteOff(data(1, 1, LEAF)));

        assertThat(TlsaMatch.of(List.of(wrong), CHAIN).authenticated(NAME_MATCHES))
                .isFalse();
        assertThat(TlsaMatch.of(List.of(wrong), CHAIN).nameCheckRequired()).isFalse();
        assertThat(TlsaMatch.of(List.of(record(0, 1, 1, INTERMEDIATE)), CHAIN).authenticated(NAME_MATCHES))
                .isNull();
    }

    private static X509Certificate selfSigned(String dn) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        var name = new javax.security.auth.x500.X500Principal(dn);
        var builder = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.TEN,
                Date.from(NOW.minus(Duration.ofDays(1))),
                Date.from(NOW.plus(Duration.ofDays(90))),
                name,
                key.getPublic());
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }
}
