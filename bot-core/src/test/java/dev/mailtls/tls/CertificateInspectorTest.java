package dev.mailtls.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.mailtls.testing.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class CertificateInspectorTest {
    private static final Instant NOW = Instant.parse("2031-03-15T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW);

    @Test
    void privateCaLeafShowsReadableNamesSansAndItsEcKey() throws Exception {
        X509Certificate leaf = PKI.leaf("mail.example.com", "smtp.example.com", "192.0.2.7", "2001:db8::1")
                .leaf();

        CertificateInfo info = CertificateInspector.inspect(leaf, NOW);

        assertThat(info.subject()).isEqualTo("CN=mail.example.com");
        assertThat(info.issuer()).isEqualTo("CN=mailtls Test Intermediate CA, O=mailtls tests");
        assertThat(info.serial())
                .isEqualTo(leaf.getSerialNumber().toString(16).toUpperCase())
                .matches("[0-9A-F]+");
        assertThat(info.notBefore()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(info.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(90)));
        assertThat(info.daysLeft()).isEqualTo(90);
        assertThat(info.sanDns()).containsExactly("mail.example.com", "smtp.example.com");
        assertThat(info.sanIp()).containsExactly("192.0.2.7", "2001:db8:0:0:0:0:0:1");
        assertThat(info.keyType()).isEqualTo("EC");
        assertThat(info.keyBits()).isEqualTo(256);
        assertThat(info.curve()).isEqualTo("P-256");
        assertThat(info.signatureAlgorithm()).isEqualTo("SHA256withRSA");
        assertThat(info.selfSigned()).isFalse();
        assertThat(info.ca()).isFalse();
    }

    @Test
    void keepsTheCertificateExactlyAsEncoded() throws Exception {
        X509Certificate leaf = PKI.leaf("mail.example.com").leaf();

        DerBytes der = CertificateInspector.inspect(leaf, NOW).der();

        assertThat(der.toByteArray()).isEqualTo(leaf.getEncoded());
        assertThat(der).isEqualTo(DerBytes.of(leaf.getEncoded()));
    }

    @Test
    void fingerprintIsUpperCaseColonSeparatedSha256OfTheDerEncoding() throws Exception {
        X509Certificate leaf = PKI.leaf("mail.example.com").leaf();
        String expected = HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));

        assertThat(CertificateInspector.inspect(leaf, NOW).sha256())
                .isEqualTo(expected)
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void daysLeftRoundsDownAndIsNegativeOnceExpired() {
        assertThat(CertificateInspector.inspect(
                                PKI.expiringIn(Duration.ofDays(5).plusHours(23), "a.test")
                                        .leaf(),
                                NOW)
                        .daysLeft())
                .isEqualTo(5);
        assertThat(CertificateInspector.inspect(PKI.expired("a.test").leaf(), NOW)
                        .daysLeft())
                .isEqualTo(-1);
        assertThat(CertificateInspector.daysBetween(NOW, NOW.plusSeconds(12 * 3600)))
                .isZero();
        assertThat(CertificateInspector.daysBetween(NOW, NOW.minusSeconds(1))).isEqualTo(-1);
        assertThat(CertificateInspector.daysBetween(NOW, NOW.minus(Duration.ofDays(3))))
                .isEqualTo(-3);
    }

    @Test
    void rootIsASelfSignedCaAndTheIntermediateACaThatIsNot() {
        CertificateInfo root = CertificateInspector.inspect(PKI.root(), NOW);
        CertificateInfo intermediate = CertificateInspector.inspect(PKI.intermediate(), NOW);

        assertThat(root.selfSigned()).isTrue();
        assertThat(root.ca()).isTrue();
        assertThat(root.subject()).isEqualTo("CN=mailtls Test Root CA, O=mailtls tests");
        assertThat(root.keyType()).isEqualTo("RSA");
        assertThat(root.keyBits()).isEqualTo(2048);
        assertThat(root.curve()).isNull();
        assertThat(intermediate.selfSigned()).isFalse();
        assertThat(intermediate.ca()).isTrue();
    }

    @Test
    void selfSignedLeafIsSelfSignedButNotACa() {
        CertificateInfo info =
                CertificateInspector.inspect(PKI.selfSigned("mail.example.com").leaf(), NOW);

        assertThat(info.selfSigned()).isTrue();
        assertThat(info.ca()).isFalse();
        assertThat(info.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void sameSubjectAsIssuerWithoutAMatchingSignatureIsNotSelfSigned() throws Exception {
        KeyPair signer = ec("secp256r1");
        KeyPair subject = ec("secp256r1");
        X509Certificate cert = build(new X500Principal("CN=twin"), subject, signer, "SHA256withECDSA");

        assertThat(CertificateInspector.inspect(cert, NOW).selfSigned()).isFalse();
    }

    @Test
    void weakCertificatesShowTheirSignatureAlgorithmAndKeySize() {
        CertificateInfo sha1 = CertificateInspector.inspect(PKI.sha1("a.test").leaf(), NOW);
        CertificateInfo rsa1024 =
                CertificateInspector.inspect(PKI.rsa1024("a.test").leaf(), NOW);

        assertThat(sha1.signatureAlgorithm()).isEqualTo("SHA1withRSA");
        assertThat(sha1.keyType()).isEqualTo("RSA");
        assertThat(sha1.keyBits()).isEqualTo(2048);
        assertThat(rsa1024.keyType()).isEqualTo("RSA");
        assertThat(rsa1024.keyBits()).isEqualTo(1024);
        assertThat(rsa1024.curve()).isNull();
    }

    @Test
    void cnOnlyCertificateHasNoSans() {
        CertificateInfo info =
                CertificateInspector.inspect(PKI.cnOnly("mail.example.com").leaf(), NOW);

        assertThat(info.subject()).isEqualTo("CN=mail.example.com");
        assertThat(info.sans()).isEmpty();
    }

    @Test
    void ed25519KeyIsNamedEd25519NotEdDsa() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        X509Certificate cert = build(new X500Principal("CN=ed.example"), ed, ed, "Ed25519");

        CertificateInfo info = CertificateInspector.inspect(cert, NOW);

        assertThat(info.keyType()).isEqualTo("Ed25519");
        assertThat(info.keyBits()).isEqualTo(255);
        assertThat(info.curve()).isNull();
        assertThat(info.signatureAlgorithm()).isEqualTo("Ed25519");
        assertThat(info.selfSigned()).isTrue();
    }

    @Test
    void ecCurvesAreNamedTheNistWayOrByBouncyCastle() throws Exception {
        assertThat(curveOf(ec("secp384r1"))).isEqualTo("P-384");
        assertThat(curveOf(ec("secp521r1"))).isEqualTo("P-521");
        assertThat(curveOf(ec("secp256r1"))).isEqualTo("P-256");
    }

    @Test
    void distinguishedNamesPrintMostSpecificFirstWithCommaSpace() {
        X500Principal name = new X500Principal(
                "CN=mail.example.com, OU=Mail, O=\"Example, Inc.\", C=DE, EMAILADDRESS=postmaster@example.com");

        assertThat(CertificateInspector.readable(name))
                .isEqualTo(
                        "CN=mail.example.com, OU=Mail, O=Example\\, Inc., C=DE, EMAILADDRESS=postmaster@example.com");
    }

    @Test
    void certificateWhoseGettersFailYieldsUnknownsInsteadOfThrowing() throws Exception {
        X509Certificate odd = mock(X509Certificate.class);
        when(odd.getSubjectX500Principal()).thenThrow(new IllegalStateException("broken"));
        when(odd.getSerialNumber()).thenReturn(BigInteger.valueOf(-255));
        when(odd.getSubjectAlternativeNames()).thenThrow(new java.security.cert.CertificateParsingException("bad SAN"));

        CertificateInfo info = CertificateInspector.inspect(odd, NOW);

        assertThat(info.subject()).isEqualTo("unknown");
        assertThat(info.issuer()).isEqualTo("unknown");
        assertThat(info.serial()).isEqualTo("-FF");
        assertThat(info.notAfter()).isEqualTo(Instant.EPOCH);
        assertThat(info.sans()).isEmpty();
        assertThat(info.keyType()).isEqualTo("unknown");
        assertThat(info.keyBits()).isZero();
        assertThat(info.signatureAlgorithm()).isEqualTo("unknown");
        assertThat(info.sha256()).isEqualTo("unknown");
        assertThat(info.selfSigned()).isFalse();
    }

    private static String curveOf(KeyPair key) throws Exception {
        X509Certificate cert = build(new X500Principal("CN=ec.example"), key, key, "SHA256withECDSA");
        return CertificateInspector.inspect(cert, NOW).curve();
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static X509Certificate build(X500Principal name, KeyPair subject, KeyPair signer, String algorithm)
            throws Exception {
        var builder = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.TEN,
                Date.from(NOW.minus(Duration.ofDays(1))),
                Date.from(NOW.plus(Duration.ofDays(30))),
                name,
                subject.getPublic());
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
    }
}
