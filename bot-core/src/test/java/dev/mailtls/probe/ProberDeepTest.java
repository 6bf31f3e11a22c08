package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.RealMailServers;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.testing.TlsPeers;
import dev.mailtls.tls.TlsEnumeration;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --deep} against real Postfix and Dovecot from Debian at their default TLS settings, with an
 * RSA certificate: the versions and suites found must be exactly those nmap's ssl-enum-ciphers
 * lists on the same port (SSLv3 to TLS 1.2), and those {@code openssl s_client -ciphersuites}
 * completes one by one (TLS 1.3).
 */
@Timeout(600)
class ProberDeepTest {
    static final String NAME = "mail.deep.test";

    @TempDir
    static Path dir;

    static RealMailServers servers;
    static Prober prober;

    @BeforeAll
    static void start() throws Exception {
        RealMailServers.assumeAvailable();
        TestPki pki = TestPki.create();
        TestPki.Issued leaf = pki.rsa(NAME);
        pki.writePem(leaf, dir.resolve("chain.pem"), dir.resolve("key.pem"));
        servers = RealMailServers.start(dir.resolve("chain.pem"), dir.resolve("key.pem"));
        prober = new Prober(new TestResolver().add(NAME, InetAddress.getByName(servers.host())), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    private static TlsEnumeration deep(int port, Protocol p, Transport t) {
        ProbeResult r = prober.probe(new ProbeRequest(
                NAME,
                port,
                p,
                t,
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(60)).withDeep(true)));
        if (port == servers.ports().legacySmtp() || port == servers.ports().legacySmtps()) {
            assertThat(r.failure()).as(String.join("\n", r.transcript())).isNotNull();
            assertThat(r.failure().code()).isEqualTo(FailureCode.TLS_LEGACY_ONLY);
        } else {
            assertThat(r.failure()).as(String.join("\n", r.transcript())).isNull();
        }
        TlsEnumeration e = r.tls().enumeration();
        assertThat(e).as(String.join("\n", r.transcript())).isNotNull();
        assertThat(e.unknown()).as(e.toString()).isEmpty();
        // The legacy answer comes from the same enumeration, with no connection of its own.
        assertThat(r.tls().legacy()).isNotNull();
        return e;
    }

    /** The found suites by version, as sets, TLS 1.3 apart. */
    private static Map<String, Set<String>> upTo12(TlsEnumeration e) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        e.accepted().forEach((v, suites) -> {
            if (!v.equals("TLSv1.3")) {
                out.put(v, new TreeSet<>(suites));
            }
        });
        return out;
    }

    private static void sameAsPeers(TlsEnumeration e, int port, String service, @Nullable String opensslStarttls) {
        TlsPeers.assumeNmap();
        Map<String, Set<String>> nmap = TlsPeers.nmap(servers.host(), port, service);
        nmap.remove("TLSv1.3");
        assertThat(upTo12(e)).as("mailtls vs nmap on port " + port + "\n" + e).isEqualTo(nmap);
        Set<String> tls13 = TlsPeers.opensslTls13(servers.host(), port, opensslStarttls, NAME);
        assertThat(new TreeSet<>(e.accepted().getOrDefault("TLSv1.3", List.of())))
                .as("mailtls vs openssl s_client for TLS 1.3 on port " + port)
                .isEqualTo(tls13);
    }

    @Test
    void postfixImplicitTlsMatchesNmapAndOpenssl() {
        TlsEnumeration e = deep(servers.ports().smtps(), Protocol.SMTP, Transport.TLS);
        assertThat(e.accepted()).containsKeys("TLSv1.2", "TLSv1.3");
        sameAsPeers(e, servers.ports().smtps(), "smtps", null);
    }

    @Test
    void theLegacyCheckAsksTheSameWayAndNamesBothOldVersions() {
        ProbeResult r = prober.probe(new ProbeRequest(
                NAME,
                servers.ports().smtps(),
                Protocol.SMTP,
                Transport.TLS,
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(15))));
        assertThat(r.tls().enumeration()).isNull();
        assertThat(r.tls().legacy().acceptedVersions()).containsExactly("TLSv1", "TLSv1.1");
        assertThat(r.tls().legacy().acceptedVersion()).isEqualTo("TLSv1.1");
        TlsEnumeration deep = deep(servers.ports().smtps(), Protocol.SMTP, Transport.TLS);
        assertThat(deep.accepted()).containsKeys("TLSv1", "TLSv1.1");
    }

    /** A normal probe of a Postfix limited to TLS 1.0/1.1: what it has, from mailtls's own handshake. */
    private static ProbeResult legacyOnly(int port, Transport t) {
        ProbeResult r = prober.probe(new ProbeRequest(
                NAME, port, Protocol.SMTP, t, ProbeOptions.defaults().withDeadline(Duration.ofSeconds(15))));
        String transcript = String.join("\n", r.transcript());
        assertThat(r.failure()).as(transcript).isNotNull();
        assertThat(r.failure().code()).as(transcript).isEqualTo(FailureCode.TLS_LEGACY_ONLY);
        assertThat(r.failure().message()).contains("TLSv1 and TLSv1.1");
        assertThat(r.tls().version()).isEqualTo("TLSv1.1");
        assertThat(r.tls().cipherSuite()).startsWith("TLS_");
        assertThat(r.tls().legacy().acceptedVersions()).containsExactly("TLSv1", "TLSv1.1");
        // The certificate, judged as always: the RSA leaf for the name, from the test CA.
        assertThat(r.tls().chain()).isNotEmpty();
        assertThat(r.tls().chain().get(0).subject()).contains(NAME);
        assertThat(r.tls().hostname().matches()).isTrue();
        assertThat(r.capabilitiesAfterTls()).as(transcript).isNotEmpty().contains("PIPELINING");
        var report = dev.mailtls.card.Report.of(
                r, new dev.mailtls.diagnosis.Diagnoser(dev.mailtls.diagnosis.DiagnosisThresholds.defaults()));
        var hint = report.hints().stream()
                .filter(h -> h.code() == dev.mailtls.diagnosis.HintCode.TLS_LEGACY_ONLY)
                .findFirst()
                .orElseThrow(() -> new AssertionError(report.hints()));
        // The greeting names Postfix: the fix is Postfix's setting alone.
        assertThat(hint.fix()).contains("smtpd_tls_protocols = >=TLSv1.2").doesNotContain("Dovecot");
        return r;
    }

    @Test
    void postfixWithOnlyTls10And11OverImplicitTlsIsShownAsItIs() {
        ProbeResult r = legacyOnly(servers.ports().legacySmtps(), Transport.TLS);
        // Implicit TLS: the greeting itself came over mailtls's TLS 1.1 handshake.
        assertThat(r.greeting().lines().get(0)).contains("ESMTP Postfix");
        assertThat(r.capabilitiesAfterTls()).anyMatch(c -> c.startsWith("AUTH "));
    }

    @Test
    void postfixWithOnlyTls10And11OverStarttlsIsShownAsItIs() {
        ProbeResult r = legacyOnly(servers.ports().legacySmtp(), Transport.STARTTLS);
        assertThat(r.capabilitiesBeforeTls()).contains("STARTTLS");
        // After TLS, Postfix no longer offers STARTTLS: the list is the one from over TLS 1.1.
        assertThat(r.capabilitiesAfterTls()).doesNotContain("STARTTLS");
    }

    @Test
    void deepOnPostfixWithOnlyTls10And11MatchesNmapAndOpenssl() {
        TlsEnumeration e = deep(servers.ports().legacySmtps(), Protocol.SMTP, Transport.TLS);
        assertThat(e.accepted()).containsOnlyKeys("TLSv1", "TLSv1.1");
        sameAsPeers(e, servers.ports().legacySmtps(), "smtps", null);
        TlsEnumeration starttls = deep(servers.ports().legacySmtp(), Protocol.SMTP, Transport.STARTTLS);
        assertThat(starttls.accepted()).containsOnlyKeys("TLSv1", "TLSv1.1");
        sameAsPeers(starttls, servers.ports().legacySmtp(), "smtp", "smtp");
    }

    @Test
    void postfixStarttlsOnPort25StyleMatchesNmapAndOpenssl() {
        TlsEnumeration e = deep(servers.ports().smtp(), Protocol.SMTP, Transport.STARTTLS);
        // Postfix offers anonymous suites on its MX port by design (opportunistic TLS).
        assertThat(e.accepted().get("TLSv1.2")).anyMatch(s -> s.contains("_anon_"));
        sameAsPeers(e, servers.ports().smtp(), "smtp", "smtp");
    }

    @Test
    void dovecotImapsAndPop3StarttlsMatchNmapAndOpenssl() {
        TlsEnumeration imaps = deep(servers.ports().imaps(), Protocol.IMAP, Transport.TLS);
        sameAsPeers(imaps, servers.ports().imaps(), "imaps", null);
        TlsEnumeration pop3 = deep(servers.ports().pop3(), Protocol.POP3, Transport.STARTTLS);
        assertThat(pop3.accepted())
                .isEqualTo(imaps.accepted().keySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                v -> v, v -> pop3.accepted().get(v), (a, b) -> a, LinkedHashMap::new)));
        sameAsPeers(pop3, servers.ports().pop3(), "pop3", "pop3");
    }
}
