package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.net.Ticker;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.testing.BindServer;
import dev.mailtls.testing.DnsProxy;
import dev.mailtls.testing.DnsZone;
import dev.mailtls.testing.FakeTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Type;

/**
 * Resolvers that do not pass DNSSEC through (RFC 4033 §5's indeterminate): a real BIND serving a
 * signed zone and a signed child with one broken signature, asked directly and through {@link
 * DnsProxy} fakes of a home router that strips DNSSEC records, one that ignores DO, and one that
 * answers NXDOMAIN to everything.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnssecSupportTest {

    static final DnsZone SIGNED = DnsZone.signed("support.test")
            .with("@ MX 10 mx", "mx A 127.0.0.61", "_25._tcp.mx TLSA 3 1 1 " + DnsjavaDomainDnsTest.TLSA_DATA);
    static final DnsZone BOGUS = DnsZone.signed("bogus.support.test")
            .with("@ MX 10 mx", "mx A 127.0.0.62", "_25._tcp.mx TLSA 3 1 1 " + DnsjavaDomainDnsTest.TLSA_DATA)
            .withBrokenSignature("_25._tcp.mx", "TLSA");

    static BindServer bind;
    static TrustAnchors anchors;

    @BeforeAll
    static void start() {
        BindServer.assumeAvailable();
        bind = BindServer.start(SIGNED, BOGUS);
        anchors = TrustAnchors.parse("the test zone's KSK", bind.trustAnchors());
    }

    @AfterAll
    static void stop() {
        if (bind != null) {
            bind.close();
        }
    }

    private static DnsjavaDomainDns dns(String server) {
        return DnsjavaDomainDns.builder().server(server).trustAnchors(anchors).build();
    }

    @Test
    void theTestAnchorsNameTheZoneTheCheckAsksForKeys() {
        assertThat(anchors.zones()).extracting(n -> n.toString()).containsExactly("support.test.");
        assertThat(TrustAnchors.ianaRoot().zones())
                .extracting(n -> n.toString())
                .containsExactly(".");
    }

    @Test
    void aServerThatPassesDnssecValidatesAndItsVerdictsStand() {
        DnsjavaDomainDns direct = dns(bind.address());

        DnssecSupport support = direct.dnssecSupport();

        assertThat(support.verdict()).isEqualTo(DnssecSupport.Verdict.VALIDATES);
        assertThat(support.indeterminate()).isFalse();
        assertThat(support.resolver()).isEqualTo("the resolver " + bind.address());
        assertThat(direct.tlsa("_25._tcp.mx.support.test").dnssec()).isEqualTo(DnssecState.SECURE);
        DnsAnswer<TlsaRecord> bogus = direct.tlsa("_25._tcp.mx.bogus.support.test");
        assertThat(bogus.outcome()).isEqualTo(DnsAnswer.Outcome.FAILED);
        assertThat(bogus.dnssec()).isEqualTo(DnssecState.BOGUS);
    }

    @Test
    void aResolverThatStripsDnssecRecordsMakesEveryVerdictIndeterminateAndStillAnswers() {
        try (DnsProxy router = DnsProxy.in(bind, DnsProxy.Behaviour.STRIP_DNSSEC)) {
            DnsjavaDomainDns dns = dns(router.address());

            DnssecSupport support = dns.dnssecSupport();

            assertThat(support.verdict()).isEqualTo(DnssecSupport.Verdict.NO_SIGNATURES);
            assertThat(support.problem())
                    .isEqualTo(router.address() + " answered without the DNSKEY records of support.test");
            DnsAnswer<TlsaRecord> tlsa = dns.tlsa("_25._tcp.mx.support.test");
            assertThat(tlsa.outcome()).isEqualTo(DnsAnswer.Outcome.OK);
            assertThat(tlsa.records()).containsExactly(new TlsaRecord(3, 1, 1, DnsjavaDomainDnsTest.TLSA_DATA));
            assertThat(tlsa.dnssec()).isEqualTo(DnssecState.INDETERMINATE);
            // The broken signature is stripped with the rest: nothing says bogus.
            DnsAnswer<TlsaRecord> broken = dns.tlsa("_25._tcp.mx.bogus.support.test");
            assertThat(broken.outcome()).isEqualTo(DnsAnswer.Outcome.OK);
            assertThat(broken.dnssec()).isEqualTo(DnssecState.INDETERMINATE);
            assertThat(dns.mx("support.test").dnssec()).isEqualTo(DnssecState.INDETERMINATE);
            assertThat(dns.addresses("mx.support.test").dnssec()).isEqualTo(DnssecState.INDETERMINATE);
            assertThat(dns.mx("missing.support.test").outcome()).isEqualTo(DnsAnswer.Outcome.NXDOMAIN);
        }
    }

    @Test
    void aResolverThatIgnoresTheDoBitIsFoundOutByTheMissingSignatures() {
        try (DnsProxy router = DnsProxy.in(bind, DnsProxy.Behaviour.STRIP_SIGNATURES)) {
            DnsjavaDomainDns dns = dns(router.address());

            DnssecSupport support = dns.dnssecSupport();

            assertThat(support.verdict()).isEqualTo(DnssecSupport.Verdict.NO_SIGNATURES);
            assertThat(support.problem())
                    .isEqualTo(router.address() + " sent the DNSKEY records of support.test without their"
                            + " signatures (RRSIG), although asked for them with the DO bit");
            assertThat(dns.tlsa("_25._tcp.mx.support.test").dnssec()).isEqualTo(DnssecState.INDETERMINATE);
        }
    }

    @Test
    void aResolverThatAnswersNxdomainToEverythingIsIndeterminateNotBogus() {
        try (DnsProxy nothing = DnsProxy.nxdomainForEverything()) {
            DnsjavaDomainDns dns = dns(nothing.address());
            DnsjavaDomainDns rooted =
                    DnsjavaDomainDns.builder().server(nothing.address()).build();

            assertThat(dns.dnssecSupport().problem())
                    .isEqualTo(nothing.address()
                            + " answered NXDOMAIN when asked for the DNSKEY records of support.test, a zone that"
                            + " exists");
            assertThat(rooted.dnssecSupport().problem())
                    .isEqualTo(nothing.address()
                            + " answered NXDOMAIN when asked for the DNSKEY records of the root zone (.), a zone"
                            + " that exists");
            DnsAnswer<MxRecord> mx = rooted.mx("support.test");
            assertThat(mx.outcome()).isEqualTo(DnsAnswer.Outcome.NXDOMAIN);
            assertThat(mx.dnssec()).isEqualTo(DnssecState.INDETERMINATE);
        }
    }

    @Test
    void oneAnchoredZoneWhoseKeysValidateIsEnoughWhateverTheOthersDo() {
        // The first anchor names a zone the server does not serve (it refuses): the second validates.
        String elsewhere =
                "elsewhere.test. IN DS 1 13 2 " + "25FCE3D990126D34401038ABF87418F869DEF9AF0305828D5032998D4DC786EE\n";
        DnsjavaDomainDns dns = DnsjavaDomainDns.builder()
                .server(bind.address())
                .trustAnchors(TrustAnchors.parse("two zones", elsewhere + bind.trustAnchors()))
                .build();

        assertThat(dns.dnssecSupport().verdict()).isEqualTo(DnssecSupport.Verdict.VALIDATES);
        assertThat(dns.tlsa("_25._tcp.mx.support.test").dnssec()).isEqualTo(DnssecState.SECURE);
    }

    @Test
    void whenNoAnchoredZoneValidatesTheFirstOnesFindingIsGiven() {
        String elsewhere =
                "elsewhere.test. IN DS 1 13 2 " + "25FCE3D990126D34401038ABF87418F869DEF9AF0305828D5032998D4DC786EE\n";
        try (DnsProxy router = DnsProxy.in(bind, DnsProxy.Behaviour.STRIP_DNSSEC)) {
            DnsjavaDomainDns dns = DnsjavaDomainDns.builder()
                    .server(router.address())
                    .trustAnchors(TrustAnchors.parse("two zones", elsewhere + bind.trustAnchors()))
                    .build();

            assertThat(dns.dnssecSupport().problem())
                    .isEqualTo(
                            router.address() + " answered REFUSED when asked for the DNSKEY records of elsewhere.test");
        }
    }

    @Test
    void theVerdictIsKeptForItsTimeThenAskedAgain() {
        FakeTicker ticker = new FakeTicker();
        try (DnsProxy router = DnsProxy.in(bind, DnsProxy.Behaviour.FORWARD)) {
            DnsjavaDomainDns dns = DnsjavaDomainDns.builder()
                    .server(router.address())
                    .trustAnchors(anchors)
                    .ticker(ticker)
                    .build();
            assertThat(dns.dnssecSupport().verdict()).isEqualTo(DnssecSupport.Verdict.VALIDATES);
            long asked = router.asked(Type.DNSKEY);
            assertThat(asked).isPositive();

            router.behave(DnsProxy.Behaviour.STRIP_DNSSEC);
            ticker.advance(DnsjavaDomainDns.SUPPORT_TTL.minusSeconds(1));
            assertThat(dns.dnssecSupport().verdict()).isEqualTo(DnssecSupport.Verdict.VALIDATES);
            assertThat(router.asked(Type.DNSKEY)).isEqualTo(asked);

            ticker.advance(Duration.ofSeconds(1));
            assertThat(dns.dnssecSupport().verdict()).isEqualTo(DnssecSupport.Verdict.NO_SIGNATURES);
            assertThat(dns.tlsa("_25._tcp.mx.support.test").dnssec()).isEqualTo(DnssecState.INDETERMINATE);
        }
    }

    @Test
    void theFirstQuestionAsksForTheVerdictItselfAndOnlyOnce() {
        try (DnsProxy router = DnsProxy.in(bind, DnsProxy.Behaviour.STRIP_DNSSEC)) {
            DnsjavaDomainDns dns = dns(router.address());

            assertThat(dns.tlsa("_25._tcp.mx.support.test").dnssec()).isEqualTo(DnssecState.INDETERMINATE);
            assertThat(dns.addresses("mx.support.test").dnssec()).isEqualTo(DnssecState.INDETERMINATE);
            assertThat(router.asked(Type.DNSKEY)).isEqualTo(1);
        }
    }

    // The check as a whole: the MX hosts are not probed here (DomainCheckTest and the CLI's end to
    // end test probe real servers); DANE's verdict and the hints come from the DNS alone.

    private static final EndpointProbes NOT_PROBED = request -> new ServiceResult.Throttled(
            "not probed in this test", Duration.ZERO, new ServiceResult.Asked("test", Instant.EPOCH));

    private static DomainReport check(DomainDns dns, String domain) {
        DomainCheck.PolicyFetch noPolicy = (d, deadline) -> {
            throw new AssertionError("no valid MTA-STS record, no fetch: " + d);
        };
        return new DomainCheck(
                        dns,
                        NOT_PROBED,
                        noPolicy,
                        new Diagnoser(),
                        ProbeOptions.defaults(),
                        Duration.ofSeconds(20),
                        Clock.systemUTC(),
                        Ticker.SYSTEM)
                .check(domain);
    }

    private static List<HintCode> codes(DomainReport r) {
        return r.hints().stream().map(Hint::code).toList();
    }

    @Test
    void aCheckThroughAStrippingResolverSaysDnssecIsUnavailableInsteadOfBogus() {
        try (DnsProxy router = DnsProxy.in(bind, DnsProxy.Behaviour.STRIP_DNSSEC)) {
            DomainReport healthy = check(dns(router.address()), "support.test");
            DomainReport broken = check(dns(router.address()), "bogus.support.test");

            for (DomainReport r : List.of(healthy, broken)) {
                assertThat(r.mx()).singleElement().satisfies(h -> {
                    assertThat(h.dane().dnssec()).isEqualTo(DnssecState.INDETERMINATE);
                    assertThat(h.dane().matched()).isNull();
                    assertThat(h.dane().tlsa()).hasSize(1);
                });
                assertThat(codes(r))
                        .contains(HintCode.DNSSEC_UNAVAILABLE)
                        .doesNotContain(HintCode.DANE_BOGUS, HintCode.DANE_INSECURE, HintCode.DANE_OK);
                assertThat(r.hints())
                        .filteredOn(h -> h.code() == HintCode.DNSSEC_UNAVAILABLE)
                        .singleElement()
                        .satisfies(h -> {
                            assertThat(h.severity()).isEqualTo(Severity.WARNING);
                            assertThat(h.summary()).contains(router.address());
                            assertThat(h.detail()).contains("without the DNSKEY records of support.test");
                            assertThat(h.fix()).contains("--dns").contains("MAILTLS_DNS_SERVER");
                        });
            }
        }
    }

    @Test
    void aCheckThroughAResolverThatAnswersNxdomainToEverythingIsNotABogusFailure() {
        try (DnsProxy nothing = DnsProxy.nxdomainForEverything()) {
            DomainReport r = check(dns(nothing.address()), "support.test");

            assertThat(codes(r))
                    .contains(HintCode.DNSSEC_UNAVAILABLE, HintCode.DOMAIN_NOT_FOUND)
                    .doesNotContain(HintCode.DOMAIN_DNS_FAILED);
        }
    }

    @Test
    void aCheckDirectlyAgainstTheServerKeepsSecureAndBogus() {
        DomainReport healthy = check(dns(bind.address()), "support.test");
        DomainReport broken = check(dns(bind.address()), "bogus.support.test");

        assertThat(healthy.mx().getFirst().dane().dnssec()).isEqualTo(DnssecState.SECURE);
        assertThat(codes(healthy)).doesNotContain(HintCode.DNSSEC_UNAVAILABLE, HintCode.DANE_BOGUS);
        assertThat(broken.mx().getFirst().dane().dnssec()).isEqualTo(DnssecState.BOGUS);
        assertThat(codes(broken)).contains(HintCode.DANE_BOGUS).doesNotContain(HintCode.DNSSEC_UNAVAILABLE);
    }
}
