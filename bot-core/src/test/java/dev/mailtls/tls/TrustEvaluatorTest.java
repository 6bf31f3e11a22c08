package dev.mailtls.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.TrustVerdict.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustEvaluatorTest {
    private static final Instant NOW = Instant.now();
    private static final TestPki PKI = TestPki.create(NOW);
    private static final String ROOT = "\"CN=mailtls Test Root CA, O=mailtls tests\"";
    private static final String INTERMEDIATE = "CN=mailtls Test Intermediate CA, O=mailtls tests";

    private final TrustEvaluator trustingRoot = TrustEvaluator.of(List.of(PKI.root()));
    /** Trusts something unrelated, so the test PKI's root is unknown to it. */
    private final TrustEvaluator trustingOther =
            TrustEvaluator.of(List.of(PKI.selfSigned("unrelated.example").leaf()));

    @Test
    void privateCaLeafWithItsIntermediateIsTrustedByItsRoot() {
        TrustVerdict v = trustingRoot.evaluate(PKI.leaf("mail.example.com").chain(), NOW);

        assertThat(v)
                .isEqualTo(TrustVerdict.trusted("chain of 3 trusted by the given trust anchors (root " + ROOT + ")"));
    }

    @Test
    void chainThatAlsoSendsTheRootIsTrustedAndCountedOnce() {
        List<X509Certificate> chain =
                new ArrayList<>(PKI.leaf("mail.example.com").chain());
        chain.add(PKI.root());

        TrustVerdict v = trustingRoot.evaluate(chain, NOW);

        assertThat(v.trusted()).as(v.reason()).isTrue();
        assertThat(v.reason()).startsWith("chain of 3 trusted");
    }

    @Test
    void outOfOrderChainWithAnExtraCertificateIsStillTrusted() {
        TestPki.Issued leaf = PKI.leaf("mail.example.com");
        List<X509Certificate> chain =
                List.of(leaf.leaf(), PKI.selfSigned("junk.example").leaf(), PKI.root(), PKI.intermediate());

        assertThat(trustingRoot.evaluate(chain, NOW).trusted()).isTrue();
    }

    @Test
    void emptyChainIsNoCertificate() {
        assertThat(trustingRoot.evaluate(List.of(), NOW))
                .isEqualTo(TrustVerdict.untrusted(Problem.NO_CERTIFICATE, "the server sent no certificate"));
    }

    @Test
    void expiredLeafIsExpiredAndSaysItIsTheLeaf() {
        TrustVerdict v = trustingRoot.evaluate(PKI.expired("mail.example.com").chain(), NOW);

        assertThat(v.trusted()).isFalse();
        assertThat(v.problem()).isEqualTo(Problem.EXPIRED);
        assertThat(v.reason())
                .startsWith("the leaf certificate \"CN=mail.example.com\" expired on ")
                .endsWith("(1 day ago)");
    }

    @Test
    void expiredLeafUnderAnUnknownRootIsStillReportedAsExpired() {
        assertThat(trustingOther
                        .evaluate(PKI.expired("mail.example.com").chain(), NOW)
                        .problem())
                .isEqualTo(Problem.EXPIRED);
    }

    @Test
    void notYetValidLeafIsNotYetValid() {
        TrustVerdict v =
                trustingRoot.evaluate(PKI.notYetValid("mail.example.com").chain(), NOW);

        assertThat(v.problem()).isEqualTo(Problem.NOT_YET_VALID);
        assertThat(v.reason()).startsWith("the leaf certificate \"CN=mail.example.com\" is not valid before ");
    }

    @Test
    void expiredIntermediateUnderAValidLeafIsExpiredAndNamesTheIntermediate() {
        Instant issued = NOW.minus(Duration.ofDays(2000));
        TestPki old = TestPki.create(issued);
        List<X509Certificate> chain =
                old.expiringIn(Duration.ofDays(3000), "mail.example.com").chain();

        TrustVerdict v = TrustEvaluator.of(List.of(old.root())).evaluate(chain, NOW);

        assertThat(v.problem()).isEqualTo(Problem.EXPIRED);
        assertThat(v.reason()).startsWith("the intermediate CA \"" + INTERMEDIATE + "\" expired on ");
    }

    @Test
    void loneSelfSignedCertificateIsSelfSigned() {
        TrustVerdict v =
                trustingRoot.evaluate(PKI.selfSigned("mail.example.com").chain(), NOW);

        assertThat(v)
                .isEqualTo(TrustVerdict.untrusted(
                        Problem.SELF_SIGNED,
                        "the certificate \"CN=mail.example.com\" is self-signed and not in the trust store"));
    }

    @Test
    void selfSignedCertificateInTheAnchorsIsTrusted() {
        TestPki.Issued self = PKI.selfSigned("mail.example.com");

        TrustVerdict v = TrustEvaluator.of(List.of(self.leaf())).evaluate(self.chain(), NOW);

        assertThat(v.trusted()).isTrue();
        assertThat(v.reason())
                .isEqualTo("the certificate \"CN=mail.example.com\" is itself trusted by the given trust anchors");
    }

    @Test
    void leafSentWithoutItsIntermediateIsAnIncompleteChainNamingTheMissingIssuer() {
        TrustVerdict v = trustingRoot.evaluate(
                PKI.missingIntermediate("mail.example.com").chain(), NOW);

        assertThat(v.problem()).isEqualTo(Problem.INCOMPLETE_CHAIN);
        assertThat(v.reason())
                .isEqualTo("missing intermediate: the server sent only its own certificate; it should also send the"
                        + " intermediate CA \"" + INTERMEDIATE + "\" that issued it");
    }

    @Test
    void leafSentWithUnrelatedCertificatesInsteadOfItsIntermediateIsAnIncompleteChain() {
        List<X509Certificate> chain = List.of(
                PKI.missingIntermediate("mail.example.com").leaf(),
                PKI.selfSigned("junk.example").leaf());

        TrustVerdict v = trustingRoot.evaluate(chain, NOW);

        assertThat(v.problem()).isEqualTo(Problem.INCOMPLETE_CHAIN);
        assertThat(v.reason())
                .isEqualTo("missing intermediate: none of the other certificates the server sent issued its own;"
                        + " it should send the intermediate CA \"" + INTERMEDIATE + "\" that issued it");
    }

    @Test
    void chainStoppingAtAnIntermediateWhoseIssuerIsUnknownIsAnIncompleteChain() {
        TrustVerdict v = trustingOther.evaluate(PKI.leaf("mail.example.com").chain(), NOW);

        assertThat(v.problem()).isEqualTo(Problem.INCOMPLETE_CHAIN);
        assertThat(v.reason())
                .contains("the last certificate sent, \"" + INTERMEDIATE + "\", was issued by " + ROOT)
                .contains("extra CA file");
    }

    @Test
    void chainEndingAtAnUnknownRootIsAnUntrustedRoot() {
        List<X509Certificate> chain =
                new ArrayList<>(PKI.leaf("mail.example.com").chain());
        chain.add(PKI.root());

        assertThat(trustingOther.evaluate(chain, NOW))
                .isEqualTo(TrustVerdict.untrusted(
                        Problem.UNTRUSTED_ROOT,
                        "the chain ends at the root " + ROOT + ", which is not in the trust store"));
    }

    @Test
    void wrongHostDoesNotAffectTrust() {
        assertThat(trustingRoot
                        .evaluate(PKI.wrongHost("mail.example.com").chain(), NOW)
                        .trusted())
                .isTrue();
    }

    /** JDK 25 default policy: SHA-1 is disabled only under a cacerts CA ("SHA1 jdkCA & usage TLSServer"). */
    @Test
    void sha1SignedLeafUnderAPrivateRootPassesJdkPkix() {
        TrustVerdict v = trustingRoot.evaluate(PKI.sha1("mail.example.com").chain(), NOW);

        assertThat(v.trusted()).as(v.reason()).isTrue();
    }

    /** JDK 25 default policy disables only RSA keys below 1024 bits ("RSA keySize < 1024"). */
    @Test
    void rsa1024LeafUnderAPrivateRootPassesJdkPkix() {
        TrustVerdict v = trustingRoot.evaluate(PKI.rsa1024("mail.example.com").chain(), NOW);

        assertThat(v.trusted()).as(v.reason()).isTrue();
    }

    @Test
    void disabledAlgorithmInAnOtherwiseTrustedChainIsOtherWithTheConstraint() {
        TrustVerdict v = trustingRoot.evaluate(PKI.md5("mail.example.com").chain(), NOW);

        assertThat(v.trusted()).isFalse();
        assertThat(v.problem()).isEqualTo(Problem.OTHER);
        assertThat(v.reason())
                .startsWith("the chain builds to a trusted root but the JDK refuses its algorithms"
                        + " (jdk.certpath.disabledAlgorithms) at the leaf certificate \"CN=mail.example.com\"")
                .contains("disabled algorithm: MD5");
    }

    @Test
    void extraCaFileMakesThePrivateChainTrustedAndTheReasonKeepsItsPathPrivate(@TempDir Path dir) {
        Path pem = PKI.writeRootPem(dir);

        TrustVerdict v = TrustEvaluator.jdkDefaults(pem)
                .evaluate(PKI.leaf("mail.example.com").chain(), NOW);

        assertThat(v)
                .isEqualTo(TrustVerdict.trusted("chain of 3 trusted via the operator's extra CA (root " + ROOT + ")"));
        // The file's path is the operator's configuration: never in a card that reaches a channel.
        assertThat(v.reason()).doesNotContain(pem.toString()).doesNotContain(dir.toString());
    }

    @Test
    void jdkDefaultsAloneDoNotTrustThePrivateRoot() {
        TrustVerdict v = TrustEvaluator.jdkDefaults(null)
                .evaluate(PKI.leaf("mail.example.com").chain(), NOW);

        assertThat(v.problem()).isEqualTo(Problem.INCOMPLETE_CHAIN);
    }

    @Test
    void jdkDefaultsTrustTheJdkStoreRoots() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        X509Certificate jdkRoot = ((X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers()[0];

        TrustVerdict v = TrustEvaluator.jdkDefaults(null)
                .evaluate(List.of(jdkRoot), jdkRoot.getNotBefore().toInstant().plusSeconds(1));

        assertThat(v.trusted()).as(v.reason()).isTrue();
        assertThat(v.reason()).endsWith("is itself trusted by the JDK store");
    }

    @Test
    void missingCaFileIsRefusedNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> TrustEvaluator.jdkDefaults(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the CA file " + missing + " does not exist");
    }

    @Test
    void caFileWithoutCertificatesIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertThatThrownBy(() -> TrustEvaluator.jdkDefaults(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the CA file " + empty + " holds no certificate");
    }

    @Test
    void caFileWithGarbageIsRefusedNamingTheFileAndTheProblem(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(
                dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> TrustEvaluator.jdkDefaults(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the CA file " + garbage + " is not a PEM certificate list: ");
    }

    @Test
    void caFileHoldingAKeyInsteadOfACertificateIsRefused(@TempDir Path dir) throws Exception {
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        PKI.writePem(PKI.leaf("mail.example.com"), chain, key);

        assertThatThrownBy(() -> TrustEvaluator.jdkDefaults(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key.toString());
    }

    @Test
    void evaluatorNeedsAnAnchor() {
        assertThatThrownBy(() -> TrustEvaluator.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one trust anchor");
    }
}
