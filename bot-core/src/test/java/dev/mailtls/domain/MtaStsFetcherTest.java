package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.domain.MtaStsFetch.Reason;
import dev.mailtls.domain.MtaStsFetch.Step;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.net.Ticker;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.PolicyServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.TrustEvaluator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MtaStsFetcherTest {
    private static final String DOMAIN = "example.com";
    private static final String HOST = "mta-sts.example.com";
    private static final String POLICY =
            "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n";
    private static final Cidr LOOPBACK = Cidr.parse("127.0.0.0/8");

    private static TestPki pki;
    private static SSLContext good;
    private static TrustEvaluator trust;

    @BeforeAll
    static void pki() {
        pki = TestPki.create();
        good = pki.serverContext(pki.leaf(HOST));
        trust = TrustEvaluator.of(List.of(pki.root()));
    }

    /** DNS that knows {@code mta-sts.example.com} as 127.0.0.1, or as the test says. */
    private static class FixedDns implements DomainDns {
        private final Map<String, DnsAnswer<InetAddress>> addresses = new HashMap<>();

        FixedDns with(String host, DnsAnswer<InetAddress> answer) {
            addresses.put(host, answer);
            return this;
        }

        @Override
        public DnsAnswer<MxRecord> mx(String domain) {
            throw new AssertionError("the fetcher asks only for addresses, not MX of " + domain);
        }

        @Override
        public DnsAnswer<InetAddress> addresses(String host) {
            return addresses.getOrDefault(host, DnsAnswer.nxdomain(DnssecState.INSECURE));
        }

        @Override
        public DnsAnswer<String> txt(String name) {
            throw new AssertionError("the fetcher asks only for addresses, not TXT of " + name);
        }

        @Override
        public DnsAnswer<TlsaRecord> tlsa(String name) {
            throw new AssertionError("the fetcher asks only for addresses, not TLSA of " + name);
        }

        @Override
        public DnsAnswer<SrvRecord> srv(String name) {
            throw new AssertionError("the fetcher asks only for addresses, not SRV of " + name);
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static DomainDns loopbackDns() {
        return new FixedDns().with(HOST, DnsAnswer.ok(List.of(ip("127.0.0.1")), DnssecState.INSECURE));
    }

    /** The server's strict policy with loopback re-admitted, for the test server's port. */
    private static AddressPolicy loopbackAllowed(int port) {
        return AddressPolicy.strict(List.of(LOOPBACK), List.of(), Set.of(port));
    }

    private static MtaStsFetcher fetcher(int port) {
        return fetcher(loopbackDns(), port);
    }

    private static MtaStsFetcher fetcher(DomainDns dns, int port) {
        return new MtaStsFetcher(dns, loopbackAllowed(port), trust, Clock.systemUTC(), Ticker.SYSTEM, port);
    }

    @Test
    void goodPolicyIsFetchedWithSniHostAndConnectionClose() {
        try (PolicyServer server = PolicyServer.serving(good, POLICY)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure()).isNull();
            assertThat(f.body()).isEqualTo(POLICY);
            assertThat(f.policy().value().mx()).containsExactly("mail.example.com", "*.example.net");
            assertThat(f.host()).isEqualTo(HOST);
            assertThat(f.url()).isEqualTo("https://" + HOST + ":" + server.port() + "/.well-known/mta-sts.txt");
            assertThat(f.addresses()).containsExactly("127.0.0.1");
            assertThat(f.address()).isEqualTo("127.0.0.1");
            assertThat(f.timings()).containsOnlyKeys(Step.RESOLVE, Step.CONNECT, Step.HANDSHAKE, Step.RESPONSE);
            assertThat(server.serverNames()).containsExactly(HOST);
            assertThat(server.requests())
                    .singleElement()
                    .asString()
                    .startsWith("GET /.well-known/mta-sts.txt HTTP/1.1\r\n")
                    .contains("\r\nHost: " + HOST + "\r\n", "\r\nConnection: close\r\n");
        }
    }

    @Test
    void theDomainIsTakenInAnyCaseAndWithATrailingDot() {
        try (PolicyServer server = PolicyServer.serving(good, POLICY)) {
            assertThat(fetcher(server.port()).fetch("Example.COM.").body()).isEqualTo(POLICY);
        }
    }

    @Test
    void chunkedPolicyIsReassembled() {
        String chunked =
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "10\r\n" + POLICY.substring(0, 16) + "\r\n"
                        + Integer.toHexString(POLICY.length() - 16) + "\r\n" + POLICY.substring(16) + "\r\n0\r\n\r\n";
        try (PolicyServer server = PolicyServer.answering(good, chunked)) {
            assertThat(fetcher(server.port()).fetch(DOMAIN).body()).isEqualTo(POLICY);
        }
    }

    @Test
    void bodyUntilCloseIsRead() {
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n" + POLICY;
        try (PolicyServer server = PolicyServer.answering(good, answer)) {
            assertThat(fetcher(server.port()).fetch(DOMAIN).body()).isEqualTo(POLICY);
        }
    }

    @Test
    void redirectIsNotFollowedAndNamesTheLocation() {
        String redirect = "HTTP/1.1 301 Moved Permanently\r\nLocation: https://www.example.com/mta-sts.txt\r\n"
                + "Content-Length: 0\r\n\r\n";
        try (PolicyServer server = PolicyServer.answering(good, redirect)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.REDIRECT);
            assertThat(f.failure().message())
                    .contains("301 Moved Permanently", "'https://www.example.com/mta-sts.txt'", "do not follow");
            assertThat(f.body()).isNull();
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void notFoundIsAnHttpStatusError() {
        try (PolicyServer server = PolicyServer.answering(
                good, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found")) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.HTTP_STATUS);
            assertThat(f.failure().message()).contains("404 Not Found", "200 OK");
        }
    }

    @Test
    void htmlContentTypeIsRefused() {
        String html = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + POLICY.length()
                + "\r\n\r\n" + POLICY;
        try (PolicyServer server = PolicyServer.answering(good, html)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.CONTENT_TYPE);
            assertThat(f.failure().message()).contains("'text/html; charset=utf-8'", "must be text/plain");
        }
    }

    @Test
    void missingContentTypeIsRefused() {
        String bare = "HTTP/1.1 200 OK\r\nContent-Length: " + POLICY.length() + "\r\n\r\n" + POLICY;
        try (PolicyServer server = PolicyServer.answering(good, bare)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.CONTENT_TYPE);
            assertThat(f.failure().message()).contains("without a Content-Type");
        }
    }

    @Test
    void exactly64KibIsAccepted() {
        String body = POLICY + "x".repeat(MtaStsFetcher.MAX_POLICY_BYTES - POLICY.length());
        try (PolicyServer server = PolicyServer.serving(good, body)) {
            assertThat(fetcher(server.port()).fetch(DOMAIN).body()).hasSize(MtaStsFetcher.MAX_POLICY_BYTES);
        }
    }

    @Test
    void announcedOversizeBodyIsRefusedUnread() {
        String body = POLICY + "x".repeat(MtaStsFetcher.MAX_POLICY_BYTES + 1 - POLICY.length());
        try (PolicyServer server = PolicyServer.serving(good, body)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.TOO_LARGE);
            assertThat(f.failure().message()).contains("announces 65537 bytes", "larger than 65536 bytes");
        }
    }

    @Test
    void endlessBodyStopsAtTheLimitLongBeforeTheDeadline() {
        PolicyServer.Responder endless = out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = "mx: mail.example.com\r\n".getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(line);
            }
        };
        try (PolicyServer server = PolicyServer.answering(good, endless)) {
            long t0 = System.nanoTime();
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN, Duration.ofSeconds(30));

            assertThat(f.failure().reason()).isEqualTo(Reason.TOO_LARGE);
            assertThat(f.failure().message()).contains("reading stopped");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void endlessChunksStopAtTheLimit() {
        PolicyServer.Responder endless = out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("400\r\n" + "a".repeat(0x400) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(chunk);
            }
        };
        try (PolicyServer server = PolicyServer.answering(good, endless)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN, Duration.ofSeconds(30));

            assertThat(f.failure().reason()).isEqualTo(Reason.TOO_LARGE);
        }
    }

    @Test
    void certificateForAnotherNameIsANameMismatch() {
        try (PolicyServer server = PolicyServer.serving(pki.serverContext(pki.wrongHost(HOST)), POLICY)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.TLS_NAME_MISMATCH);
            assertThat(f.failure().message()).contains(TestPki.OTHER_HOST, HOST);
            assertThat(server.requests())
                    .as("no request over a connection to the wrong host")
                    .allMatch(String::isEmpty);
        }
    }

    @Test
    void certificateForTheDomainItselfDoesNotCoverTheMtaStsHost() {
        try (PolicyServer server = PolicyServer.serving(pki.serverContext(pki.leaf(DOMAIN)), POLICY)) {
            assertThat(fetcher(server.port()).fetch(DOMAIN).failure().reason()).isEqualTo(Reason.TLS_NAME_MISMATCH);
        }
    }

    @Test
    void wildcardCertificateForTheDomainCoversTheMtaStsHost() {
        try (PolicyServer server = PolicyServer.serving(pki.serverContext(pki.wildcard("*." + DOMAIN)), POLICY)) {
            assertThat(fetcher(server.port()).fetch(DOMAIN).body()).isEqualTo(POLICY);
        }
    }

    @Test
    void certificateMatchingOnlyThroughTheSubjectCnIsRefused() {
        try (PolicyServer server = PolicyServer.serving(pki.serverContext(pki.cnOnly(HOST)), POLICY)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.TLS_NAME_MISMATCH);
            assertThat(f.failure().message()).contains("subject CN");
        }
    }

    @Test
    void selfSignedCertificateIsUntrusted() {
        try (PolicyServer server = PolicyServer.serving(pki.serverContext(pki.selfSigned(HOST)), POLICY)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.TLS_UNTRUSTED);
            assertThat(f.failure().message()).contains("self-signed", "RFC 8461 §3.3");
        }
    }

    @Test
    void expiredCertificateIsUntrusted() {
        try (PolicyServer server = PolicyServer.serving(pki.serverContext(pki.expired(HOST)), POLICY)) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.TLS_UNTRUSTED);
            assertThat(f.failure().message()).contains("expired");
        }
    }

    @Test
    void privateCaIsTrustedOnlyThroughTheOperatorsCaFile(@TempDir Path dir) {
        Path caFile = pki.writeRootPem(dir);
        try (PolicyServer server = PolicyServer.serving(good, POLICY)) {
            AddressPolicy policy = loopbackAllowed(server.port());
            MtaStsFetch jdkOnly = new MtaStsFetcher(
                            loopbackDns(),
                            policy,
                            TrustEvaluator.jdkDefaults(null),
                            Clock.systemUTC(),
                            Ticker.SYSTEM,
                            server.port())
                    .fetch(DOMAIN);
            MtaStsFetch withCaFile = new MtaStsFetcher(
                            loopbackDns(),
                            policy,
                            TrustEvaluator.jdkDefaults(caFile),
                            Clock.systemUTC(),
                            Ticker.SYSTEM,
                            server.port())
                    .fetch(DOMAIN);

            assertThat(jdkOnly.failure().reason()).isEqualTo(Reason.TLS_UNTRUSTED);
            assertThat(jdkOnly.failure().message()).contains("mailtls Test Root CA", "the trust store does not hold");
            assertThat(withCaFile.body()).isEqualTo(POLICY);
        }
    }

    @Test
    void slowServerEndsAtTheDeadline() {
        Duration deadline = Duration.ofMillis(1500);
        // The whole answer arrives, a byte every 50 ms: never a read timeout, always too late.
        try (PolicyServer server =
                PolicyServer.answering(good, PolicyServer.trickling(PolicyServer.ok(POLICY), Duration.ofMillis(50)))) {
            long t0 = System.nanoTime();
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN, deadline);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(f.failure().reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(f.failure().message()).contains("no complete answer from " + HOST, "1.5 s");
            assertThat(took).isBetween(deadline.minusMillis(10), deadline.plusSeconds(2));
            assertThat(f.totalMs()).isLessThan(deadline.plusSeconds(2).toMillis());
        }
    }

    @Test
    void silentServerEndsAtTheDeadlineInTheHandshake() {
        Duration deadline = Duration.ofSeconds(1);
        try (FaultServer server = FaultServer.silent()) {
            long t0 = System.nanoTime();
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN, deadline);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(f.failure().reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(f.failure().message()).contains("no TLS handshake with " + HOST, "1 s");
            assertThat(took).isBetween(deadline.minusMillis(10), deadline.plusSeconds(2));
        }
    }

    @Test
    void slowDnsEndsAtTheDeadline() {
        DomainDns hanging = new FixedDns() {
            @Override
            public DnsAnswer<InetAddress> addresses(String host) {
                try {
                    Thread.sleep(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return DnsAnswer.failed("interrupted", null);
            }
        };
        long t0 = System.nanoTime();
        MtaStsFetch f = fetcher(hanging, 443).fetch(DOMAIN, Duration.ofMillis(500));

        assertThat(f.failure().reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(f.failure().message()).contains("no DNS answer for " + HOST);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void loopbackIsDeniedByTheDefaultStrictPolicyAndNeverConnectedTo() {
        try (PolicyServer server = PolicyServer.serving(good, POLICY)) {
            AddressPolicy strict = AddressPolicy.strict(List.of(), List.of(), Set.of(server.port()));
            MtaStsFetch f = new MtaStsFetcher(
                            loopbackDns(), strict, trust, Clock.systemUTC(), Ticker.SYSTEM, server.port())
                    .fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.ADDRESS_DENIED);
            assertThat(f.failure().message())
                    .startsWith("not connecting to " + HOST + ": 127.0.0.1 ")
                    .contains("loopback");
            assertThat(f.address()).isNull();
            assertThat(server.connections()).isZero();
            assertThat(f.refused()).singleElement().asString().startsWith("127.0.0.1 ");
        }
    }

    @Test
    void aDeniedAddressIsSkippedAndTheCheckedOneUsed() {
        DomainDns dns =
                new FixedDns().with(HOST, DnsAnswer.ok(List.of(ip("10.1.2.3"), ip("127.0.0.1")), DnssecState.INSECURE));
        try (PolicyServer server = PolicyServer.serving(good, POLICY)) {
            MtaStsFetch f = fetcher(dns, server.port()).fetch(DOMAIN);

            assertThat(f.body()).isEqualTo(POLICY);
            assertThat(f.addresses()).containsExactly("10.1.2.3", "127.0.0.1");
            assertThat(f.address()).isEqualTo("127.0.0.1");
            assertThat(f.refused()).singleElement().asString().startsWith("10.1.2.3 ");
        }
    }

    @Test
    void productionFetcherAsksThePolicyAboutPort443() {
        List<Integer> asked = new ArrayList<>();
        AddressPolicy recording = (address, port) -> {
            asked.add(port);
            return Optional.of(address.getHostAddress() + " refused by the test");
        };
        MtaStsFetch f = new MtaStsFetcher(loopbackDns(), recording, trust).fetch(DOMAIN);

        assertThat(asked).containsExactly(443);
        assertThat(f.url()).isEqualTo("https://mta-sts.example.com/.well-known/mta-sts.txt");
        assertThat(f.failure().reason()).isEqualTo(Reason.ADDRESS_DENIED);
        assertThat(f.failure().message()).contains("127.0.0.1 refused by the test");
    }

    @Test
    void refusedConnectionIsAConnectError() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, ip("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        MtaStsFetch f = fetcher(closed).fetch(DOMAIN);

        assertThat(f.failure().reason()).isEqualTo(Reason.CONNECT);
        assertThat(f.failure().message()).contains("could not connect to " + HOST, "127.0.0.1 port " + closed);
    }

    @Test
    void plaintextServerIsAHandshakeFailure() {
        try (FaultServer server = FaultServer.refusing("HTTP/1.1 400 Bad Request")) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.TLS_HANDSHAKE);
            assertThat(f.failure().message()).contains("the TLS handshake with " + HOST + " (127.0.0.1) failed");
        }
    }

    @Test
    void answerThatIsNotHttpIsABadResponse() {
        try (PolicyServer server = PolicyServer.answering(good, "220 mail.example.com ESMTP\r\n")) {
            MtaStsFetch f = fetcher(server.port()).fetch(DOMAIN);

            assertThat(f.failure().reason()).isEqualTo(Reason.BAD_RESPONSE);
            assertThat(f.failure().message()).contains("'220 mail.example.com ESMTP'");
        }
    }

    @Test
    void missingHostIsADnsError() {
        DomainDns dns = new FixedDns();
        MtaStsFetch nx = fetcher(dns, 443).fetch(DOMAIN);
        MtaStsFetch empty = fetcher(new FixedDns().with(HOST, DnsAnswer.ok(List.of(), DnssecState.INSECURE)), 443)
                .fetch(DOMAIN);
        MtaStsFetch failed = fetcher(new FixedDns().with(HOST, DnsAnswer.failed("SERVFAIL from 192.0.2.53", null)), 443)
                .fetch(DOMAIN);

        assertThat(nx.failure().reason()).isEqualTo(Reason.DNS);
        assertThat(nx.failure().message()).contains(HOST + " does not exist (NXDOMAIN)");
        assertThat(empty.failure().message()).isEqualTo(HOST + " has no A or AAAA record");
        assertThat(failed.failure().message()).contains("SERVFAIL from 192.0.2.53");
        assertThat(nx.timings()).containsOnlyKeys(Step.RESOLVE);
    }

    @Test
    void notADomainIsRefusedAsABug() {
        assertThatThrownBy(() -> fetcher(443).fetch("exa mple.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'exa mple.com'");
        assertThatThrownBy(() -> fetcher(443).fetch(DOMAIN, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** curl, a client of its own, gets the same body from the same server as the fetcher. */
    @Test
    void curlFetchesTheSamePolicy(@TempDir Path dir) throws Exception {
        Path caFile = pki.writeRootPem(dir);
        try (PolicyServer server = PolicyServer.serving(good, POLICY)) {
            MtaStsFetch ours = fetcher(server.port()).fetch(DOMAIN);
            Process curl = new ProcessBuilder(
                            "curl",
                            "--silent",
                            "--show-error",
                            "--fail",
                            "--max-time",
                            "10",
                            "--resolve",
                            HOST + ":" + server.port() + ":127.0.0.1",
                            "--cacert",
                            caFile.toString(),
                            "https://" + HOST + ":" + server.port() + "/.well-known/mta-sts.txt")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            byte[] theirs = curl.getInputStream().readAllBytes();
            assertThat(curl.waitFor(15, TimeUnit.SECONDS)).isTrue();

            assertThat(curl.exitValue()).isZero();
            assertThat(ours.body())
                    .isEqualTo(new String(theirs, StandardCharsets.UTF_8))
                    .isEqualTo(POLICY);
        }
    }
}
