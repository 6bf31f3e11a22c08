package dev.mailtls.domain;

import static dev.mailtls.domain.TlsaFixtures.oneByteOff;
import static dev.mailtls.domain.TlsaFixtures.presented;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.internal.tls.HostnameMatcher;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.CertificateInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same certificates judged by OpenSSL: the association data its command line computes, and its
 * own DANE verdict ({@code s_client -dane_tlsa_rrdata}, RFC 7672's rules with {@code
 * -dane_ee_no_namechecks}) against a loopback SMTP server presenting the chain.
 */
class TlsaOpensslPeerTest {
    private static final Instant NOW = Instant.now();
    private static final TestPki PKI = TestPki.create(NOW);
    private static final String MX = "mx.example.com";
    private static final TestPki.Issued SERVED = PKI.leaf(MX);

    @TempDir
    Path dir;

    static Stream<Arguments> certificates() {
        return Stream.of(
                Arguments.of("EC P-256 leaf", SERVED.leaf()),
                Arguments.of("RSA 2048 leaf", PKI.sha1(MX).leaf()),
                Arguments.of("intermediate", PKI.intermediate()),
                Arguments.of("root", PKI.root()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("certificates")
    void associationDataEqualsWhatOpensslComputes(String kind, X509Certificate cert) throws Exception {
        Path pem = dir.resolve("cert.pem");
        Files.writeString(pem, pem(cert), StandardCharsets.US_ASCII);
        String spki = "openssl x509 -in \"$1\" -noout -pubkey | openssl pkey -pubin -outform DER";
        String der = "openssl x509 -in \"$1\" -outform DER";
        String hex = " | od -An -v -tx1 | tr -d ' \\n'";
        byte[] encoded = cert.getEncoded();

        for (int matchingType = 0; matchingType <= 2; matchingType++) {
            String tail = switch (matchingType) {
                case 0 -> hex;
                case 1 -> " | openssl dgst -sha256 -r | cut -d' ' -f1";
                default -> " | openssl dgst -sha512 -r | cut -d' ' -f1";
            };
            assertThat(HexFormat.of().formatHex(TlsaCheck.associationData(1, matchingType, encoded)))
                    .as("%s: selector 1, matching type %d", kind, matchingType)
                    .isEqualTo(sh(spki + tail, pem));
            assertThat(HexFormat.of().formatHex(TlsaCheck.associationData(0, matchingType, encoded)))
                    .as("%s: selector 0, matching type %d", kind, matchingType)
                    .isEqualTo(sh(der + tail, pem));
        }
    }

    @Test
    void theSuggestedRecordsAreTheOnesOpensslComputes() throws Exception {
        Path leaf = dir.resolve("leaf.pem");
        Path issuer = dir.resolve("issuer.pem");
        Files.writeString(leaf, pem(SERVED.leaf()), StandardCharsets.US_ASCII);
        Files.writeString(issuer, pem(PKI.intermediate()), StandardCharsets.US_ASCII);
        String spki256 =
                "openssl x509 -in \"$1\" -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r"
                        + " | cut -d' ' -f1";

        assertThat(TlsaSuggestion.records(presented(NOW, SERVED.chain())))
                .extracting(TlsaRecord::toString)
                .containsExactly("3 1 1 " + sh(spki256, leaf), "2 1 1 " + sh(spki256, issuer));
    }

    /** A served chain, the record given to both, and the name the leaf is checked against. */
    record Case(String name, TestPki.Issued served, TlsaRecord record) {
        @Override
        public String toString() {
            return name + ": " + record.usage() + " " + record.selector() + " " + record.matchingType();
        }
    }

    static Stream<Case> cases() {
        X509Certificate leaf = SERVED.leaf();
        X509Certificate intermediate = PKI.intermediate();
        TestPki.Issued withRoot = new TestPki.Issued(SERVED.key(), List.of(leaf, intermediate, PKI.root()));
        TestPki.Issued otherName = PKI.wrongHost(MX);
        List<Case> out = new ArrayList<>();
        for (int selector = 0; selector <= 1; selector++) {
            for (int matchingType = 0; matchingType <= 2; matchingType++) {
                out.add(new Case("leaf", SERVED, TlsaFixtures.record(3, selector, matchingType, leaf)));
                out.add(new Case("intermediate", SERVED, TlsaFixtures.record(2, selector, matchingType, intermediate)));
            }
        }
        out.add(new Case("wrong digest", SERVED, new TlsaRecord(3, 1, 1, oneByteOff(TlsaFixtures.data(1, 1, leaf)))));
        out.add(new Case("root sent", withRoot, TlsaFixtures.record(2, 1, 1, PKI.root())));
        out.add(new Case("root not sent", SERVED, TlsaFixtures.record(2, 1, 1, PKI.root())));
        out.add(new Case("DANE-EE of the intermediate", SERVED, TlsaFixtures.record(3, 1, 1, intermediate)));
        out.add(new Case("DANE-TA of the leaf", SERVED, TlsaFixtures.record(2, 1, 1, leaf)));
        out.add(new Case("new key after renewal", PKI.leafWithNewKey(MX), TlsaFixtures.record(3, 1, 1, leaf)));
        out.add(new Case("other name, DANE-EE", otherName, TlsaFixtures.record(3, 1, 1, otherName.leaf())));
        out.add(new Case("other name, DANE-TA", otherName, TlsaFixtures.record(2, 1, 1, intermediate)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void daneVerdictAgreesWithOpensslAgainstALiveServer(Case c) throws Exception {
        List<CertificateInfo> chain = presented(NOW, c.served().chain());
        TlsaMatch match = TlsaMatch.of(List.of(c.record()), chain);
        boolean ours = Boolean.TRUE.equals(
                match.authenticated(HostnameMatcher.match(MX, c.served().leaf())));

        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(c.served()))
                .start()) {
            Openssl verdict = sClient(server.port(), c.record());

            assertThat(ours)
                    .as("ours: %s; OpenSSL said:%n%s", match.records().get(0).reason(), verdict.output())
                    .isEqualTo(verdict.verified());
        }
    }

    /** What {@code openssl s_client} made of the server with this one TLSA record. */
    record Openssl(boolean verified, String output) {}

    private Openssl sClient(int port, TlsaRecord record) throws IOException, InterruptedException {
        Path out = dir.resolve("s_client.out");
        Process p = new ProcessBuilder(
                        "openssl",
                        "s_client",
                        "-brief",
                        "-starttls",
                        "smtp",
                        "-connect",
                        "127.0.0.1:" + port,
                        "-dane_tlsa_domain",
                        MX,
                        "-dane_tlsa_rrdata",
                        record.toString(),
                        "-dane_ee_no_namechecks",
                        "-verify_return_error")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl s_client still running after 20 s: " + Files.readString(out));
        }
        String output = Files.readString(out);
        return new Openssl(p.exitValue() == 0 && output.contains("Verification: OK"), output);
    }

    /** Runs {@code script} under sh with {@code file} as $1 and returns its trimmed output. */
    private static String sh(String script, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script, "sh", file.toString()).start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0 || stdout.isBlank()) {
            throw new IllegalStateException(script + " failed: " + stderr);
        }
        return stdout.strip();
    }

    private static String pem(X509Certificate cert) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
