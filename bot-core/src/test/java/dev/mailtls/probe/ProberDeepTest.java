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
        assertThat(r.failure()).as(String.join("\n", r.transcript())).isNull();
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
