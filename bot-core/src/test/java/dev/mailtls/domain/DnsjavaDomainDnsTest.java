package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.testing.BindServer;
import dev.mailtls.testing.DnsZone;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The production resolver against a real BIND serving a signed zone, an unsigned child of it, a
 * signed child with one broken signature, and a zone outside every anchor; each DNSSEC verdict is
 * checked against BIND's own validator ({@code delv}) on the same server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsjavaDomainDnsTest {

    static final String TLSA_DATA = "8cb0fc6c527506a053f4f14c8464bebbd6dede2738d11468dd953d7d6a3021f1";

    static final DnsZone SIGNED = DnsZone.signed("mailtls.test")
            .with(
                    "@ MX 20 mx2",
                    "@ MX 10 mx1",
                    "mx1 A 127.0.0.21",
                    "mx1 A 127.0.0.22",
                    "mx1 AAAA ::1",
                    "mx2 A 127.0.0.23",
                    "v6only AAAA 2001:db8::25",
                    "nullmx MX 0 .",
                    "_mta-sts TXT \"v=STSv1; \" \"id=20261205T1\"",
                    "multi TXT \"first\"",
                    "multi TXT \"second\"",
                    "_25._tcp.mx1 TLSA 3 1 1 " + TLSA_DATA,
                    "_submissions._tcp SRV 0 1 465 mx1",
                    "_pop3._tcp SRV 0 0 0 .",
                    "alias CNAME mx2");
    static final DnsZone INSECURE = DnsZone.unsigned("insecure.mailtls.test")
            .with("@ MX 10 mx", "mx A 127.0.0.31", "www A 127.0.0.32", "_25._tcp.mx TLSA 3 1 1 " + TLSA_DATA);
    static final DnsZone BOGUS = DnsZone.signed("bogus.mailtls.test")
            .with("@ MX 10 mx", "mx A 127.0.0.41", "_25._tcp.mx TLSA 3 1 1 " + TLSA_DATA)
            .withBrokenSignature("_25._tcp.mx", "TLSA");
    static final DnsZone UNANCHORED =
            DnsZone.unsigned("plain.test").with("@ MX 10 mx", "mx A 127.0.0.51", "far CNAME mx2.mailtls.test.");

    static BindServer bind;
    static DnsjavaDomainDns dns;

    @BeforeAll
    static void start() {
        BindServer.assumeAvailable();
        bind = BindServer.start(SIGNED, INSECURE, BOGUS, UNANCHORED);
        dns = DnsjavaDomainDns.builder()
                .server(bind.address())
                .trustAnchors(TrustAnchors.parse("the test zone's KSK", bind.trustAnchors()))
                .build();
    }

    @AfterAll
    static void stop() {
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void mxRecordsOfASignedZoneAreSecureWithTheirPreferences() {
        DnsAnswer<MxRecord> answer = dns.mx("mailtls.test");

        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.OK);
        assertThat(answer.dnssec()).isEqualTo(DnssecState.SECURE);
        assertThat(answer.records().stream()
                        .sorted(Comparator.comparingInt(MxRecord::preference))
                        .map(MxRecord::toString))
                .containsExactly("10 mx1.mailtls.test", "20 mx2.mailtls.test");
        assertThat(bind.delv("mailtls.test", "MX")).contains("fully validated");
    }

    @Test
    void nullMxIsKeptAsAnEmptyHost() {
        DnsAnswer<MxRecord> answer = dns.mx("nullmx.mailtls.test");

        assertThat(answer.records()).containsExactly(new MxRecord(0, ""));
        assertThat(answer.records().getFirst().isNull()).isTrue();
        assertThat(answer.dnssec()).isEqualTo(DnssecState.SECURE);
    }

    @Test
    void addressesListIpv4BeforeIpv6() throws Exception {
        DnsAnswer<InetAddress> answer = dns.addresses("mx1.mailtls.test");

        assertThat(answer.ok()).isTrue();
        assertThat(answer.records()).hasSize(3);
        assertThat(answer.records().subList(0, 2))
                .allMatch(address -> address instanceof Inet4Address)
                .containsExactlyInAnyOrder(InetAddress.getByName("127.0.0.21"), InetAddress.getByName("127.0.0.22"));
        assertThat(answer.records().get(2)).isEqualTo(InetAddress.getByName("::1"));
        assertThat(answer.dnssec()).isEqualTo(DnssecState.SECURE);
    }

    @Test
    void aHostWithOnlyAaaaHasOnlyIpv6() throws Exception {
        DnsAnswer<InetAddress> answer = dns.addresses("v6only.mailtls.test");

        assertThat(answer.records()).containsExactly(InetAddress.getByName("2001:db8::25"));
        assertThat(answer.records().getFirst()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void txtJoinsTheStringsOfOneRecord() {
        assertThat(dns.txt("_mta-sts.mailtls.test").records()).containsExactly("v=STSv1; id=20261205T1");
    }

    @Test
    void txtRecordsStaySeparate() {
        assertThat(dns.txt("multi.mailtls.test").records()).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void tlsaRecordsCarryTheirFields() {
        DnsAnswer<TlsaRecord> answer = dns.tlsa("_25._tcp.mx1.mailtls.test");

        assertThat(answer.records()).containsExactly(new TlsaRecord(3, 1, 1, TLSA_DATA));
        assertThat(answer.dnssec()).isEqualTo(DnssecState.SECURE);
        assertThat(bind.delv("_25._tcp.mx1.mailtls.test", "TLSA")).contains("fully validated");
    }

    @Test
    void srvRecordsCarryTheirFieldsAndTheNotOfferedDot() {
        assertThat(dns.srv("_submissions._tcp.mailtls.test").records())
                .containsExactly(new SrvRecord(0, 1, 465, "mx1.mailtls.test"));
        SrvRecord none = dns.srv("_pop3._tcp.mailtls.test").records().getFirst();
        assertThat(none.notOffered()).isTrue();
        assertThat(none.port()).isZero();
    }

    @Test
    void aMissingNameIsNxdomainAndItsDenialIsSecure() {
        DnsAnswer<MxRecord> answer = dns.mx("missing.mailtls.test");

        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.NXDOMAIN);
        assertThat(answer.records()).isEmpty();
        assertThat(answer.dnssec()).isEqualTo(DnssecState.SECURE);
        assertThat(bind.delv("missing.mailtls.test", "MX"))
                .contains("ncache nxdomain")
                .contains("negative response, fully validated");
    }

    @Test
    void aNameWithoutTheTypeIsAnEmptyAnswerNotNxdomain() {
        DnsAnswer<MxRecord> answer = dns.mx("mx1.mailtls.test");

        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.OK);
        assertThat(answer.records()).isEmpty();
        assertThat(answer.dnssec()).isEqualTo(DnssecState.SECURE);
        assertThat(bind.delv("mx1.mailtls.test", "MX")).contains("ncache nxrrset");
    }

    @Test
    void anUnsignedChildOfASignedZoneIsInsecure() {
        DnsAnswer<TlsaRecord> answer = dns.tlsa("_25._tcp.mx.insecure.mailtls.test");

        assertThat(answer.records()).containsExactly(new TlsaRecord(3, 1, 1, TLSA_DATA));
        assertThat(answer.dnssec()).isEqualTo(DnssecState.INSECURE);
        assertThat(bind.delv("_25._tcp.mx.insecure.mailtls.test", "TLSA")).contains("unsigned answer");
    }

    @Test
    void aZoneOutsideEveryAnchorIsInsecure() {
        DnsAnswer<MxRecord> answer = dns.mx("plain.test");

        assertThat(answer.records()).containsExactly(new MxRecord(10, "mx.plain.test"));
        assertThat(answer.dnssec()).isEqualTo(DnssecState.INSECURE);
    }

    @Test
    void aBrokenSignatureIsBogusWithTheValidatorsReason() {
        DnsAnswer<TlsaRecord> answer = dns.tlsa("_25._tcp.mx.bogus.mailtls.test");

        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.FAILED);
        assertThat(answer.dnssec()).isEqualTo(DnssecState.BOGUS);
        // dnsjava's words, from the TXT record its validator adds to the SERVFAIL.
        assertThat(answer.problem())
                .startsWith("Positive response has failed ANSWER rrset")
                .contains("_25._tcp.mx.bogus.mailtls.test");
        assertThat(bind.delv("_25._tcp.mx.bogus.mailtls.test", "TLSA")).contains("no valid signature found");
    }

    @Test
    void theRestOfTheZoneWithTheBrokenSignatureIsSecure() {
        DnsAnswer<InetAddress> answer = dns.addresses("mx.bogus.mailtls.test");

        assertThat(answer.records()).hasSize(1);
        assertThat(answer.dnssec()).isEqualTo(DnssecState.SECURE);
        assertThat(bind.delv("mx.bogus.mailtls.test", "A")).contains("fully validated");
    }

    @Test
    void aCnameInTheZoneIsFollowed() throws Exception {
        DnsAnswer<InetAddress> answer = dns.addresses("alias.mailtls.test");

        assertThat(answer.records()).containsExactly(InetAddress.getByName("127.0.0.23"));
        assertThat(answer.dnssec()).isEqualTo(DnssecState.SECURE);
    }

    @Test
    void aCnameOutOfAnUnsignedZoneIsFollowedAndStaysInsecure() throws Exception {
        // An authoritative server answers only the CNAME: the target is asked for separately.
        DnsAnswer<InetAddress> answer = dns.addresses("far.plain.test");

        assertThat(answer.records()).containsExactly(InetAddress.getByName("127.0.0.23"));
        assertThat(answer.dnssec()).isEqualTo(DnssecState.INSECURE);
    }

    @Test
    void theKskAsADnskeyIsAnAnchorToo() {
        DnsjavaDomainDns withKeys = DnsjavaDomainDns.builder()
                .server(bind.address())
                .trustAnchors(TrustAnchors.parse("the test zone's DNSKEY", bind.trustAnchorKeys()))
                .build();

        assertThat(withKeys.mx("mailtls.test").dnssec()).isEqualTo(DnssecState.SECURE);
        assertThat(withKeys.tlsa("_25._tcp.mx.bogus.mailtls.test").dnssec()).isEqualTo(DnssecState.BOGUS);
    }

    @Test
    void anotherZonesKeyAsTheAnchorMakesEveryVerdictIndeterminate() {
        // The bogus child's DS, written as if it were mailtls.test's: no key of the zone matches it.
        String childDs = bind.delv("bogus.mailtls.test", "DS");
        assertThat(childDs).contains("fully validated");
        String childRecord = childDs.lines()
                .filter(line -> line.contains("\tDS\t"))
                .findFirst()
                .orElseThrow();
        String[] fields = childRecord.split("\\s+");
        String foreign =
                "mailtls.test. IN DS " + String.join(" ", List.of(fields).subList(4, fields.length));
        DnsjavaDomainDns misanchored = DnsjavaDomainDns.builder()
                .server(bind.address())
                .trustAnchors(TrustAnchors.parse("a wrong anchor", foreign))
                .build();

        // The server passes DNSSEC, but mailtls's anchor is wrong: that says nothing of the zone, so
        // nothing is called bogus (a sender with the right anchor finds it secure).
        DnssecSupport support = misanchored.dnssecSupport();
        assertThat(support.verdict()).isEqualTo(DnssecSupport.Verdict.NOT_ANCHORED);
        assertThat(support.problem())
                .startsWith(bind.address() + " sent the DNSKEY records of mailtls.test signed, but they do not"
                        + " validate against a wrong anchor: ");
        DnsAnswer<MxRecord> answer = misanchored.mx("mailtls.test");
        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.OK);
        assertThat(answer.dnssec()).isEqualTo(DnssecState.INDETERMINATE);
    }

    @Test
    void theShippedRootAnchorsOnAnAuthoritativeOnlyServerAreIndeterminateNotBogus() {
        DnsjavaDomainDns rooted =
                DnsjavaDomainDns.builder().server(bind.address()).build();

        DnsAnswer<MxRecord> answer = rooted.mx("mailtls.test");

        // The server refuses the root's keys: no chain of trust can start, whatever the zone is.
        assertThat(rooted.trustAnchors().source()).isEqualTo("the IANA root anchors");
        assertThat(rooted.dnssecSupport().problem())
                .isEqualTo(bind.address() + " answered REFUSED when asked for the DNSKEY records of the root zone (.)");
        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.OK);
        assertThat(answer.records()).hasSize(2);
        assertThat(answer.dnssec()).isEqualTo(DnssecState.INDETERMINATE);
    }

    @Test
    void aNameOutsideTheServersZonesFails() {
        DnsAnswer<MxRecord> answer = dns.mx("example.org");

        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.FAILED);
        assertThat(answer.problem()).isEqualTo(bind.address() + " answered REFUSED for example.org MX");
    }

    @Test
    void aSilentServerIsAFailedAnswerWithinTheQuestionTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            DnsjavaDomainDns quiet = DnsjavaDomainDns.builder()
                    .server("127.0.0.1:" + silent.getLocalPort())
                    .questionTimeout(Duration.ofMillis(300))
                    .overallTimeout(Duration.ofSeconds(5))
                    .build();
            long start = System.nanoTime();

            DnsAnswer<MxRecord> answer = quiet.mx("mailtls.test");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.FAILED);
            assertThat(answer.dnssec()).isNull();
            assertThat(answer.problem()).isEqualTo("no answer from 127.0.0.1:" + silent.getLocalPort() + " in 300 ms");
        }
    }

    @Test
    void theOverallBoundCutsAQuestionShort() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            DnsjavaDomainDns quiet = DnsjavaDomainDns.builder()
                    .server("127.0.0.1:" + silent.getLocalPort())
                    .questionTimeout(Duration.ofSeconds(30))
                    .overallTimeout(Duration.ofMillis(400))
                    .build();
            long start = System.nanoTime();

            DnsAnswer<InetAddress> answer = quiet.addresses("mx1.mailtls.test");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.FAILED);
            assertThat(answer.problem()).endsWith("no answer from 127.0.0.1:" + silent.getLocalPort() + " in 400 ms");
        }
    }

    @Test
    void aBadServerTextIsRefusedWithTheText() {
        assertThatThrownBy(() -> DnsjavaDomainDns.builder().server("127.0.0.1:99999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("127.0.0.1:99999")
                .hasMessageContaining("1-65535");
    }
}
