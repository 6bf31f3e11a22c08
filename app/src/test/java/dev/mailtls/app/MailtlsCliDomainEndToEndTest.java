package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.domain.TlsaRecord;
import dev.mailtls.domain.TlsaSuggestion;
import dev.mailtls.endpoint.Target;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Resolver;
import dev.mailtls.probe.Prober;
import dev.mailtls.testing.BindServer;
import dev.mailtls.testing.DnsProxy;
import dev.mailtls.testing.DnsZone;
import dev.mailtls.testing.MxPostfix;
import dev.mailtls.testing.PolicyServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.CertificateInspector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailtls domain} end to end with real components on loopback only: a real BIND serving a
 * zone signed at test time under its own trust anchor (with an unsigned child and one broken
 * signature), a real Postfix as the MX hosts on port 25 of 127.0.13.1-3, and HTTPS policy servers
 * on port 443 of 127.0.13.11-15 with certificates from the test CA. Nothing asks public DNS: the
 * check gets {@code --dns} and {@code --dnssec-anchor}. Needs root, Postfix and BIND; skipped
 * without them unless CI requires interop tests.
 */
@Timeout(120)
class MailtlsCliDomainEndToEndTest {
    private static final TestPki PKI = TestPki.create();
    private static final String ZONE = "e2e.test";

    private static final String MX_A = "127.0.13.1";
    private static final String MX_B = "127.0.13.2";
    private static final String MX_WRONG_NAME = "127.0.13.3";

    /** MX_A's certificate names every MX host that resolves to it. */
    private static final TestPki.Issued CERT_A = PKI.leaf(
            "mx1.good.e2e.test",
            "mx.uncovered.e2e.test",
            "mx.mismatch.e2e.test",
            "mx.bogus.e2e.test",
            "mx.insecure.e2e.test",
            "implicit.e2e.test");

    private static final TestPki.Issued CERT_B = PKI.leaf("mx2.good.e2e.test");
    private static final TestPki.Issued CERT_WRONG = PKI.wrongHost("mx.wrongname.e2e.test");

    private static final String STS_RECORD = "\"v=STSv1; id=20261205\"";

    @TempDir
    static Path dir;

    static BindServer bind;
    /** Resolvers that do not pass DNSSEC: one strips it from BIND's answers, one answers NXDOMAIN. */
    static DnsProxy stripping;

    static DnsProxy nothing;
    static MxPostfix postfix;
    static final List<PolicyServer> policies = new ArrayList<>();
    static String anchors;
    static String caFile;
    static TlsaRecord tlsaA;

    @BeforeAll
    static void start() throws IOException {
        BindServer.assumeAvailable();
        MxPostfix.assumeAvailable();
        tlsaA = tlsa(CERT_A);
        TlsaRecord tlsaB = tlsa(CERT_B);
        // The same kind of record as tlsaA with one digit of the digest changed.
        String data = tlsaA.toString().split(" ")[3];
        String wrong = tlsaA.toString().substring(0, tlsaA.toString().length() - data.length())
                + (data.charAt(0) == '0' ? '1' : '0')
                + data.substring(1);

        DnsZone top = DnsZone.signed(ZONE)
                .with(
                        "good MX 10 mx1.good",
                        "good MX 20 mx2.good",
                        "mx1.good A " + MX_A,
                        "mx2.good A " + MX_B,
                        "_25._tcp.mx1.good TLSA " + tlsaA,
                        "_25._tcp.mx2.good TLSA " + tlsaB,
                        "_mta-sts.good TXT " + STS_RECORD,
                        "mta-sts.good A 127.0.13.11",
                        "_smtp._tls.good TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@good.e2e.test\"",
                        "wrongname MX 10 mx.wrongname",
                        "mx.wrongname A " + MX_WRONG_NAME,
                        "_mta-sts.wrongname TXT " + STS_RECORD,
                        "mta-sts.wrongname A 127.0.13.12",
                        "uncovered MX 10 mx.uncovered",
                        "mx.uncovered A " + MX_A,
                        "_mta-sts.uncovered TXT " + STS_RECORD,
                        "mta-sts.uncovered A 127.0.13.13",
                        "mismatch MX 10 mx.mismatch",
                        "mx.mismatch A " + MX_A,
                        "_25._tcp.mx.mismatch TLSA " + wrong,
                        "bogus MX 10 mx.bogus",
                        "mx.bogus A " + MX_A,
                        "_25._tcp.mx.bogus TLSA " + tlsaA,
                        "nullmx MX 0 .",
                        "implicit A " + MX_A,
                        "redirect MX 10 mx1.good",
                        "_mta-sts.redirect TXT " + STS_RECORD,
                        "mta-sts.redirect A 127.0.13.14",
                        "wrongcert MX 10 mx1.good",
                        "_mta-sts.wrongcert TXT " + STS_RECORD,
                        "mta-sts.wrongcert A 127.0.13.15",
                        "oversize MX 10 mx1.good",
                        "_mta-sts.oversize TXT " + STS_RECORD,
                        "mta-sts.oversize A 127.0.13.16",
                        "slow MX 10 mx1.good",
                        "_mta-sts.slow TXT " + STS_RECORD,
                        "mta-sts.slow A 127.0.13.17")
                .withBrokenSignature("_25._tcp.mx.bogus", "TLSA");
        DnsZone insecure =
                DnsZone.unsigned("insecure." + ZONE).with("@ MX 10 mx", "mx A " + MX_A, "_25._tcp.mx TLSA " + tlsaA);
        bind = BindServer.start(top, insecure);
        stripping = DnsProxy.in(bind, DnsProxy.Behaviour.STRIP_DNSSEC);
        nothing = DnsProxy.nxdomainForEverything();
        postfix = MxPostfix.start(
                PKI,
                List.of(
                        new MxPostfix.Listener(MX_A, "mx1.good.e2e.test", CERT_A),
                        new MxPostfix.Listener(MX_B, "mx2.good.e2e.test", CERT_B),
                        new MxPostfix.Listener(MX_WRONG_NAME, "mx.wrongname.e2e.test", CERT_WRONG)));
        policies.add(policyServer(
                "127.0.13.11",
                "good",
                "version: STSv1\nmode: enforce\nmx: mx1.good.e2e.test\nmx: *.good.e2e.test\nmax_age: 86400\n"));
        policies.add(policyServer(
                "127.0.13.12",
                "wrongname",
                "version: STSv1\nmode: enforce\nmx: mx.wrongname.e2e.test\nmax_age: 86400\n"));
        policies.add(policyServer(
                "127.0.13.13", "uncovered", "version: STSv1\nmode: testing\nmx: mail.elsewhere.test\nmax_age: 3600\n"));
        policies.add(PolicyServer.onPort443(
                "127.0.13.14",
                PKI.serverContext(PKI.leaf("mta-sts.redirect.e2e.test")),
                "HTTP/1.1 301 Moved Permanently\r\nLocation: https://policy.elsewhere.test/mta-sts.txt\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
        policies.add(PolicyServer.onPort443(
                "127.0.13.15",
                PKI.serverContext(PKI.wrongHost("mta-sts.wrongcert.e2e.test")),
                PolicyServer.ok("version: STSv1\nmode: enforce\nmx: mx1.good.e2e.test\nmax_age: 86400\n")));

        String big =
                "version: STSv1\nmode: enforce\nmx: mx1.good.e2e.test\nmax_age: 86400\n" + "# padding\n".repeat(7000);
        policies.add(policyServer("127.0.13.16", "oversize", big));
        policies.add(PolicyServer.onPort443(
                "127.0.13.17",
                PKI.serverContext(PKI.leaf("mta-sts.slow.e2e.test")),
                PolicyServer.trickling(
                        PolicyServer.ok("version: STSv1\nmode: enforce\nmx: mx1.good.e2e.test\nmax_age: 86400\n"),
                        java.time.Duration.ofMillis(100))));

        Path anchorFile = dir.resolve("anchors.db");
        Files.writeString(anchorFile, bind.trustAnchors());
        anchors = anchorFile.toString();
        caFile = PKI.writeRootPem(dir).toString();
    }

    private static PolicyServer policyServer(String address, String label, String policy) {
        return PolicyServer.onPort443(
                address, PKI.serverContext(PKI.leaf("mta-sts." + label + "." + ZONE)), PolicyServer.ok(policy));
    }

    private static TlsaRecord tlsa(TestPki.Issued cert) {
        return TlsaSuggestion.records(List.of(CertificateInspector.inspect(cert.leaf(), Instant.now())))
                .getFirst();
    }

    @AfterAll
    static void stop() {
        policies.forEach(PolicyServer::close);
        for (DnsProxy proxy : new DnsProxy[] {stripping, nothing}) {
            if (proxy != null) {
                proxy.close();
            }
        }
        if (postfix != null) {
            postfix.close();
        }
        if (bind != null) {
            bind.close();
        }
    }

    /**
     * The probes' resolver: a domain check probes each MX address by its literal; a name would mean
     * a lookup outside the test's DNS, so names fail.
     */
    private static final Resolver LITERALS_ONLY = host -> {
        if (!Target.isIpLiteral(host)) {
            throw new UnknownHostException(host + ": only address literals here");
        }
        return List.of(InetAddress.getByName(host));
    };

    record Run(int code, JsonNode json, String out, String err) {}

    private static Run domain(String name) throws IOException {
        return domain(new Prober(LITERALS_ONLY, Clock.systemUTC()), name, "20s");
    }

    private static Run domain(Prober prober, String name, String timeout) throws IOException {
        return domain(prober, name, timeout, bind.address());
    }

    /** {@code name} checked through the resolver at {@code dns}. */
    private static Run domainThrough(String dns, String name) throws IOException {
        return domain(new Prober(LITERALS_ONLY, Clock.systemUTC()), name, "20s", dns);
    }

    private static Run domain(Prober prober, String name, String timeout, String dns) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MailtlsCli(
                        prober,
                        Map.of(),
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .execute(
                        "domain",
                        name,
                        "--dns",
                        dns,
                        "--dnssec-anchor",
                        anchors,
                        "--ca-file",
                        caFile,
                        "--timeout",
                        timeout,
                        "--json");
        String text = out.toString(StandardCharsets.UTF_8);
        JsonNode json = text.isBlank() ? null : new ObjectMapper().readTree(text);
        return new Run(code, json, text, err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> codes(Run r) {
        return StreamSupport.stream(r.json().path("hints").spliterator(), false)
                .map(h -> h.path("code").asText())
                .toList();
    }

    private static JsonNode hint(Run r, String code) {
        return StreamSupport.stream(r.json().path("hints").spliterator(), false)
                .filter(h -> h.path("code").asText().equals(code))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no hint " + code + " in " + r.out()));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /**
     * A watched domain: {@code mailtls summary} of a configured group with a {@code domain:} line,
     * run twice against two real BIND servers standing for the zone before and after an MX move (a
     * second MX, a TLSA record replaced by a wrong one, a new MTA-STS id, another TLS-RPT address).
     */
    @Test
    void aGroupWatchingADomainNamesWhatTheDomainChangedBetweenRuns(@TempDir Path tmp) throws IOException {
        String base = "good MX 10 mx1.good|mx1.good A " + MX_A + "|mx2.good A " + MX_B
                + "|mta-sts.good A 127.0.13.11|_25._tcp.mx2.good TLSA " + tlsa(CERT_B);
        String wrong = tlsaA.toString().substring(0, tlsaA.toString().length() - 1)
                + (tlsaA.toString().endsWith("0") ? "1" : "0");
        Run first = watched(
                tmp,
                base + "|_25._tcp.mx1.good TLSA " + tlsaA + "|_mta-sts.good TXT \"v=STSv1; id=1\""
                        + "|_smtp._tls.good TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@good.e2e.test\"");
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(ExitCodes.OK);
        assertThat(targets(first))
                .containsExactly("domain:good.e2e.test", "good.e2e.test MX mx1.good.e2e.test " + MX_A);
        JsonNode mxRow = first.json().path("targets").get(1);
        assertThat(mxRow.path("port").asInt()).isEqualTo(25);
        assertThat(mxRow.path("certSubject").asText()).contains("mx1.good.e2e.test");
        assertThat(mxRow.path("certDaysLeft").asInt()).isPositive();
        assertThat(first.json().path("changes")).isEmpty();

        Run second = watched(
                tmp,
                base + "|good MX 20 mx2.good|_25._tcp.mx1.good TLSA " + wrong
                        + "|_mta-sts.good TXT \"v=STSv1; id=2\""
                        + "|_smtp._tls.good TXT \"v=TLSRPTv1; rua=mailto:reports@good.e2e.test\"");
        List<String> changes = StreamSupport.stream(
                        second.json().path("changes").spliterator(), false)
                .map(c -> c.path("target").asText() + ": " + c.path("code").asText() + " "
                        + c.path("detail").asText())
                .toList();
        assertThat(changes)
                .as(second.out())
                .contains(
                        "domain:good.e2e.test: MX_ADDED MX added: 20 mx2.good.e2e.test (" + MX_B + ")",
                        "domain:good.e2e.test: TLSA_CHANGED TLSA of _25._tcp.mx1.good.e2e.test: "
                                + tlsaA.toString().substring(0, 18) + "… → " + wrong.substring(0, 18) + "…",
                        "domain:good.e2e.test: MTA_STS_CHANGED MTA-STS record: \"v=STSv1; id=1\" → \"v=STSv1; id=2\"",
                        "domain:good.e2e.test: TLSRPT_CHANGED TLS-RPT record: \"v=TLSRPTv1;"
                                + " rua=mailto:tlsrpt@good.e2e.test\" → \"v=TLSRPTv1; rua=mailto:reports@good.e2e.test\"",
                        "domain:good.e2e.test: NEW_FAILURE now failing: DANE_TLSA_MISMATCH",
                        "good.e2e.test MX mx2.good.e2e.test " + MX_B + ": NEW_TARGET first probe of this target");
        assertThat(second.code()).as(second.out()).isEqualTo(ExitCodes.FAILURE);
    }

    private static List<String> targets(Run r) {
        return StreamSupport.stream(r.json().path("targets").spliterator(), false)
                .map(t -> t.path("target").asText())
                .toList();
    }

    /** {@code mailtls summary watch --json} with the zone's records (split at '|') served by a fresh BIND. */
    private static Run watched(Path tmp, String records) throws IOException {
        try (BindServer zone = BindServer.start(DnsZone.signed(ZONE).with(records.split("\\|")))) {
            Path anchorFile = Files.writeString(tmp.resolve("watch-anchors.db"), zone.trustAnchors());
            Path yaml =
                    Files.writeString(tmp.resolve("mailtls.yaml"), """
                    allow_cidrs: [ "127.0.0.0/8" ]
                    dns_server: "%s"
                    dnssec_anchors: "%s"
                    ca_file: "%s"
                    groups:
                      watch:
                        targets: [ "domain:good.e2e.test" ]
                    """.formatted(zone.address(), anchorFile, caFile));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new MailtlsCli(
                            new Prober(LITERALS_ONLY, Clock.systemUTC()),
                            Map.of(
                                    "MAILTLS_CONFIG",
                                    yaml.toString(),
                                    "MAILTLS_DATA_DIR",
                                    tmp.resolve("data").toString()),
                            new ByteArrayInputStream(new byte[0]),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8),
                            false)
                    .execute("summary", "watch", "--json");
            String text = out.toString(StandardCharsets.UTF_8);
            JsonNode json = text.isBlank() ? null : new ObjectMapper().readTree(text);
            return new Run(code, json, text, err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void healthyDomainWithSignedMatchingTlsaAndAnEnforcePolicyIsOk() throws IOException {
        Run r = domain("good.e2e.test");

        assertThat(r.json().path("kind").asText()).isEqualTo("domain");
        assertThat(r.json().path("domain").asText()).isEqualTo("good.e2e.test");
        assertThat(codes(r)).as(r.out()).contains("DANE_OK", "MTA_STS_OK").doesNotContain("TLSRPT_MISSING");
        assertThat(r.json().path("status").asText()).as(r.out()).isEqualTo("ok");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
        JsonNode mx = r.json().path("mx");
        assertThat(mx).hasSize(2);
        assertThat(mx.get(0).path("host").asText()).isEqualTo("mx1.good.e2e.test");
        assertThat(mx.get(0).path("preference").asInt()).isEqualTo(10);
        assertThat(texts(mx.get(0).path("addresses"))).containsExactly(MX_A);
        assertThat(mx.get(1).path("host").asText()).isEqualTo("mx2.good.e2e.test");
        assertThat(mx.get(1).path("preference").asInt()).isEqualTo(20);
        assertThat(texts(mx.get(1).path("addresses"))).containsExactly(MX_B);
        for (JsonNode h : mx) {
            JsonNode dane = h.path("dane");
            assertThat(dane.path("dnssec").asText()).isEqualTo("secure");
            assertThat(dane.path("tlsa")).hasSize(1);
            assertThat(dane.path("matched").asBoolean()).as(dane.toString()).isTrue();
            JsonNode probe = h.path("results").get(0);
            assertThat(probe.path("target").path("port").asInt()).isEqualTo(25);
            assertThat(probe.path("tls").path("sniName").asText())
                    .isEqualTo(h.path("host").asText());
            assertThat(probe.path("greeting").asText()).contains(h.path("host").asText());
        }
        assertThat(texts(mx.get(0).path("dane").path("tlsa"))).containsExactly(tlsaA.toString());
        JsonNode sts = r.json().path("mtaSts");
        assertThat(sts.path("record").asText()).isEqualTo("v=STSv1; id=20261205");
        assertThat(sts.path("policy").path("version").asText()).isEqualTo("STSv1");
        assertThat(sts.path("policy").path("mode").asText()).isEqualTo("enforce");
        assertThat(texts(sts.path("policy").path("mx"))).containsExactly("mx1.good.e2e.test", "*.good.e2e.test");
        assertThat(sts.path("policy").path("maxAge").asLong()).isEqualTo(86400);
        assertThat(sts.path("error").isNull()).isTrue();
        assertThat(r.json().path("tlsRpt").path("record").asText())
                .isEqualTo("v=TLSRPTv1; rua=mailto:tlsrpt@good.e2e.test");
        assertThat(texts(r.json().path("tlsRpt").path("rua"))).containsExactly("mailto:tlsrpt@good.e2e.test");
        assertThat(policies.get(0).serverNames()).contains("mta-sts.good.e2e.test");
    }

    @Test
    void bindsOwnValidatorAgreesTheTlsaAnswersAreSecureAndBogus() {
        assertThat(bind.delv("_25._tcp.mx1.good.e2e.test", "TLSA")).contains("fully validated");
        assertThat(bind.delv("_25._tcp.mx.bogus.e2e.test", "TLSA")).doesNotContain("fully validated");
        assertThat(bind.delv("_25._tcp.mx.insecure.e2e.test", "TLSA")).contains("unsigned answer");
    }

    @Test
    void opensslAgreesWithTheDaneVerdictsAgainstThePostfixMx() throws Exception {
        assertThat(opensslVerifies("mx1.good.e2e.test", tlsaA.toString())).isTrue();
        String wrong = domainTlsa("mismatch.e2e.test");
        assertThat(opensslVerifies("mx.mismatch.e2e.test", wrong)).isFalse();
    }

    private static String domainTlsa(String domain) throws IOException {
        return domain(domain)
                .json()
                .path("mx")
                .get(0)
                .path("dane")
                .path("tlsa")
                .get(0)
                .asText();
    }

    private static boolean opensslVerifies(String mx, String rrdata) throws Exception {
        Path out = dir.resolve("s_client-" + mx + ".out");
        Process p = new ProcessBuilder(
                        "openssl",
                        "s_client",
                        "-brief",
                        "-starttls",
                        "smtp",
                        "-connect",
                        MX_A + ":25",
                        "-servername",
                        mx,
                        "-dane_tlsa_domain",
                        mx,
                        "-dane_tlsa_rrdata",
                        rrdata,
                        "-verify_return_error")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl s_client still running after 20 s: " + Files.readString(out));
        }
        return p.exitValue() == 0 && Files.readString(out).contains("Verification: OK");
    }

    @Test
    void mxCertificateForAnotherNameUnderEnforceIsRefusedNamingTheMx() throws IOException {
        Run r = domain("wrongname.e2e.test");

        JsonNode h = hint(r, "MTA_STS_CERT_INVALID");
        assertThat(h.path("summary").asText()).contains("mx.wrongname.e2e.test");
        assertThat(h.path("detail").asText()).contains(MX_WRONG_NAME);
        assertThat(texts(r.json().path("mtaSts").path("certificatesRefused")))
                .singleElement()
                .asString()
                .startsWith("mx.wrongname.e2e.test (" + MX_WRONG_NAME + ")");
        assertThat(r.json().path("status").asText()).isEqualTo("failure");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void policyNotCoveringTheMxIsNamed() throws IOException {
        Run r = domain("uncovered.e2e.test");

        assertThat(hint(r, "MTA_STS_MX_NOT_COVERED").path("summary").asText()).contains("mx.uncovered.e2e.test");
        assertThat(texts(r.json().path("mtaSts").path("mxNotCovered"))).containsExactly("mx.uncovered.e2e.test");
        assertThat(r.json().path("mtaSts").path("policy").path("mode").asText()).isEqualTo("testing");
        assertThat(codes(r)).doesNotContain("MTA_STS_OK");
        assertThat(r.code()).isEqualTo(ExitCodes.WARNING);
    }

    @Test
    void wrongTlsaDigestIsAMismatch() throws IOException {
        Run r = domain("mismatch.e2e.test");

        JsonNode dane = r.json().path("mx").get(0).path("dane");
        assertThat(dane.path("dnssec").asText()).isEqualTo("secure");
        assertThat(dane.path("matched").isBoolean() && !dane.path("matched").asBoolean())
                .as(dane.toString())
                .isTrue();
        assertThat(hint(r, "DANE_TLSA_MISMATCH").path("detail").asText()).contains(MX_A);
        assertThat(codes(r)).doesNotContain("DANE_OK");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void brokenSignatureOnTheTlsaIsBogus() throws IOException {
        Run r = domain("bogus.e2e.test");

        JsonNode dane = r.json().path("mx").get(0).path("dane");
        assertThat(dane.path("dnssec").asText()).isEqualTo("bogus");
        assertThat(dane.path("matched").isNull()).isTrue();
        assertThat(hint(r, "DANE_BOGUS").path("summary").asText()).contains("mx.bogus.e2e.test");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void throughAResolverThatStripsDnssecTheHealthyDomainIsIndeterminateNotBogus() throws IOException {
        Run r = domainThrough(stripping.address(), "good.e2e.test");

        JsonNode mx = r.json().path("mx");
        assertThat(mx).as(r.out()).hasSize(2);
        for (JsonNode h : mx) {
            assertThat(h.path("dane").path("dnssec").asText()).isEqualTo("indeterminate");
            assertThat(h.path("dane").path("tlsa")).hasSize(1);
            assertThat(h.path("dane").path("matched").isNull()).isTrue();
            assertThat(h.path("results").get(0).path("tls").path("sniName").asText())
                    .isEqualTo(h.path("host").asText());
        }
        assertThat(codes(r))
                .contains("DNSSEC_UNAVAILABLE", "MTA_STS_OK")
                .doesNotContain("DANE_OK", "DANE_BOGUS", "DANE_INSECURE", "DOMAIN_DNS_FAILED");
        JsonNode h = hint(r, "DNSSEC_UNAVAILABLE");
        assertThat(h.path("severity").asText()).isEqualTo("warning");
        assertThat(h.path("summary").asText()).contains(stripping.address());
        assertThat(h.path("detail").asText()).contains("without the DNSKEY records of e2e.test");
        assertThat(h.path("fix").asText()).contains("--dns").contains("--dnssec-anchor");
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.WARNING);
    }

    @Test
    void throughAResolverThatStripsDnssecABrokenSignatureIsNotJudged() throws IOException {
        Run r = domainThrough(stripping.address(), "bogus.e2e.test");

        JsonNode dane = r.json().path("mx").get(0).path("dane");
        assertThat(dane.path("dnssec").asText()).isEqualTo("indeterminate");
        assertThat(codes(r)).contains("DNSSEC_UNAVAILABLE").doesNotContain("DANE_BOGUS");
    }

    @Test
    void throughAResolverThatAnswersNxdomainToEverythingDnssecIsUnavailableNotBogus() throws IOException {
        Run r = domainThrough(nothing.address(), "good.e2e.test");

        assertThat(codes(r)).contains("DNSSEC_UNAVAILABLE", "DOMAIN_NOT_FOUND").doesNotContain("DOMAIN_DNS_FAILED");
        assertThat(hint(r, "DNSSEC_UNAVAILABLE").path("detail").asText())
                .contains(nothing.address() + " answered NXDOMAIN when asked for the DNSKEY records of e2e.test");
    }

    @Test
    void tlsaInAnUnsignedZoneIsInsecure() throws IOException {
        Run r = domain("insecure.e2e.test");

        JsonNode dane = r.json().path("mx").get(0).path("dane");
        assertThat(dane.path("dnssec").asText()).isEqualTo("insecure");
        assertThat(texts(dane.path("tlsa"))).containsExactly(tlsaA.toString());
        assertThat(dane.path("matched").isNull()).isTrue();
        assertThat(codes(r)).contains("DANE_INSECURE").doesNotContain("DANE_OK", "DANE_TLSA_MISMATCH");
    }

    @Test
    void nullMxSaysNoMailAndProbesNothing() throws IOException {
        Run r = domain("nullmx.e2e.test");

        assertThat(codes(r)).contains("NULL_MX");
        assertThat(r.json().path("mx")).isEmpty();
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void noMxProbesTheDomainsOwnAddress() throws IOException {
        Run r = domain("implicit.e2e.test");

        assertThat(codes(r)).contains("IMPLICIT_MX");
        JsonNode mx = r.json().path("mx");
        assertThat(mx).hasSize(1);
        assertThat(mx.get(0).path("host").asText()).isEqualTo("implicit.e2e.test");
        assertThat(texts(mx.get(0).path("addresses"))).containsExactly(MX_A);
        assertThat(mx.get(0).path("results").get(0).path("address").asText()).isEqualTo(MX_A);
        assertThat(mx.get(0)
                        .path("results")
                        .get(0)
                        .path("starttls")
                        .path("offered")
                        .asBoolean())
                .isTrue();
        assertThat(r.code()).isEqualTo(ExitCodes.WARNING);
    }

    @Test
    void nonExistentDomainIsNotFound() throws IOException {
        Run r = domain("nosuch.e2e.test");

        assertThat(codes(r)).contains("DOMAIN_NOT_FOUND");
        assertThat(r.json().path("mx")).isEmpty();
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void policyRedirectIsAFetchFailureNamingTheLocation() throws IOException {
        Run r = domain("redirect.e2e.test");

        assertThat(codes(r)).contains("MTA_STS_FETCH_FAILED").doesNotContain("MTA_STS_OK");
        assertThat(r.json().path("mtaSts").path("policy").isNull()).isTrue();
        assertThat(r.json().path("mtaSts").path("error").asText())
                .contains("redirect")
                .contains("https://policy.elsewhere.test/mta-sts.txt");
        assertThat(policies.get(3).requests())
                .anySatisfy(req -> assertThat(req)
                        .startsWith("GET /.well-known/mta-sts.txt HTTP/1.1")
                        .containsIgnoringCase("Host: mta-sts.redirect.e2e.test"));
    }

    @Test
    void policyHostWithACertificateForAnotherNameIsAFetchFailure() throws IOException {
        Run r = domain("wrongcert.e2e.test");

        assertThat(codes(r)).contains("MTA_STS_FETCH_FAILED");
        assertThat(r.json().path("mtaSts").path("policy").isNull()).isTrue();
        assertThat(r.json().path("mtaSts").path("error").asText()).contains("mta-sts.wrongcert.e2e.test");
        // The handshake completes on the server's side; the fetcher then refuses the name and sends nothing.
        assertThat(policies.get(4).requests())
                .noneSatisfy(req -> assertThat(req).startsWith("GET"));
    }

    @Test
    void policyLargerThan64KiBIsAFetchFailure() throws IOException {
        Run r = domain("oversize.e2e.test");

        assertThat(codes(r)).contains("MTA_STS_FETCH_FAILED").doesNotContain("MTA_STS_OK");
        assertThat(r.json().path("mtaSts").path("policy").isNull()).isTrue();
        assertThat(r.json().path("mtaSts").path("error").asText()).contains("larger than 64 KiB");
    }

    @Test
    void policyHostTooSlowForTheChecksDeadlineIsATimeoutNotAMissingAnswer() throws IOException {
        long t0 = System.nanoTime();
        Run r = domain(new Prober(LITERALS_ONLY, Clock.systemUTC()), "slow.e2e.test", "3s");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(ms).isLessThan(4_000);
        assertThat(codes(r)).contains("MTA_STS_FETCH_FAILED");
        assertThat(r.json().path("mtaSts").path("record").asText()).isEqualTo("v=STSv1; id=20261205");
        assertThat(r.json().path("mtaSts").path("error").asText()).contains("ran out of time");
        // The MX itself was probed in time.
        assertThat(r.json().path("mx").get(0).path("results")).hasSize(1);
    }

    @Test
    void policyHostOnADeniedAddressUnderAStrictPolicyIsNotFetched() throws IOException {
        // Ports 25 and 443 allowed: what is refused is the loopback address itself.
        Prober strict = new Prober(
                LITERALS_ONLY,
                Clock.systemUTC(),
                AddressPolicy.strict(List.of(), List.of(), java.util.Set.of(25, 443)));
        int before = policies.get(0).connections();

        Run r = domain(strict, "good.e2e.test", "20s");

        assertThat(codes(r)).contains("MTA_STS_FETCH_FAILED").doesNotContain("MTA_STS_OK");
        assertThat(r.json().path("mtaSts").path("error").asText())
                .contains("address policy")
                .contains("127.0.13.11");
        assertThat(policies.get(0).connections()).isEqualTo(before);
    }
}
