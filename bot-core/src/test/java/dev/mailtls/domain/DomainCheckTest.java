package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.Ticker;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The domain check against a zone given in the test and real SMTP servers on loopback: each MX
 * address is a scripted server's port (the probes stay real, only port 25 is mapped).
 */
@Timeout(60)
class DomainCheckTest {
    private static final TestPki PKI = TestPki.create();

    private final ZoneDns zone = new ZoneDns();
    /** What the policy server at mta-sts.<domain> answers: a policy text, or a failure. */
    private final Map<String, MtaStsFetch> policyServer = new ConcurrentHashMap<>();

    private final DomainCheck.PolicyFetch policy = (domain, deadline) -> {
        MtaStsFetch f = policyServer.get(domain);
        if (f == null) {
            throw new AssertionError("fetched a policy nobody announced: " + domain);
        }
        return f;
    };

    private static MtaStsFetch served(String domain, String body) {
        return new MtaStsFetch(
                "mta-sts." + domain,
                "https://mta-sts." + domain + "/.well-known/mta-sts.txt",
                List.of("192.0.2.80"),
                List.of(),
                "192.0.2.80",
                body,
                null,
                Map.of(),
                5);
    }
    /** Address → the scripted server standing for its port 25. */
    private final Map<String, ScriptedMailServer> servers = new ConcurrentHashMap<>();

    private final List<ProbeRequest> asked = new CopyOnWriteArrayList<>();
    private final Prober prober = new Prober(TestResolver.loopback("unused.test"), Clock.systemUTC());

    private final EndpointProbes probes = request -> {
        asked.add(request);
        ScriptedMailServer s = servers.get(request.host());
        ProbeRequest local =
                new ProbeRequest("127.0.0.1", s.port(), request.protocol(), request.transport(), request.options());
        return new ServiceResult.Probed(prober.probe(local), null, new ServiceResult.Asked("test", Instant.now()));
    };

    @AfterEach
    void stop() {
        servers.values().forEach(ScriptedMailServer::close);
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void smtp(String address, String certName) {
        servers.put(
                address,
                ScriptedMailServer.builder(Protocol.SMTP)
                        .sslContext(PKI.serverContext(PKI.leaf(certName)))
                        .start());
    }

    private static ProbeOptions quick() {
        return ProbeOptions.defaults()
                .withDeadline(Duration.ofSeconds(8))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1))
                .withLegacyTlsCheck(false);
    }

    /** The MX probes' options: the test CA is trusted when a test sets it. */
    private ProbeOptions options = quick();

    private DomainReport check(String domain, EndpointProbes p, Duration deadline) {
        return new DomainCheck(zone, p, policy, new Diagnoser(), options, deadline, Clock.systemUTC(), Ticker.SYSTEM)
                .check(domain);
    }

    /** A domain with two MX hosts, each one address with a certificate for its name from the test CA. */
    private void twoMx(String domain) {
        zone.mx.put(
                domain,
                DnsAnswer.ok(
                        List.of(new MxRecord(10, "mx1." + domain), new MxRecord(20, "mx2." + domain)),
                        DnssecState.INSECURE));
        zone.host("mx1." + domain, "192.0.2.1").host("mx2." + domain, "192.0.2.2");
        smtp("192.0.2.1", "mx1." + domain);
        smtp("192.0.2.2", "mx2." + domain);
    }

    private void publishes(String domain, String stsRecord, String policyText) {
        zone.txt.put("_mta-sts." + domain, DnsAnswer.ok(List.of(stsRecord), DnssecState.INSECURE));
        policyServer.put(domain, served(domain, policyText));
    }

    @Test
    void anEnforcedPolicyThatCoversEveryMxWithTrustedCertificatesIsOk(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        options = quick().withCaFile(PKI.writeRootPem(dir));
        twoMx("sts.test");
        publishes(
                "sts.test",
                "v=STSv1; id=20261205;",
                "version: STSv1\nmode: enforce\nmx: *.sts.test\nmax_age: 604800\n");
        zone.txt.put(
                "_smtp._tls.sts.test",
                DnsAnswer.ok(List.of("v=TLSRPTv1; rua=mailto:tls@sts.test"), DnssecState.INSECURE));

        DomainReport r = check("sts.test");

        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.MTA_STS_OK)
                .singleElement()
                .satisfies(h -> assertThat(h.summary()).contains("mode enforce").contains("604800"));
        assertThat(codes(r))
                .doesNotContain(
                        HintCode.MTA_STS_CERT_INVALID, HintCode.MTA_STS_MX_NOT_COVERED, HintCode.TLSRPT_MISSING);
        assertThat(r.policies().policy().value().mx()).containsExactly("*.sts.test");
        assertThat(r.policies().tlsRpt().value().rua()).containsExactly("mailto:tls@sts.test");
    }

    @Test
    void underEnforceAnUncoveredMxAndAnUntrustedCertificateAreErrorsNamingTheMx() {
        twoMx("strict.test");
        publishes(
                "strict.test",
                "v=STSv1; id=1;",
                "version: STSv1\nmode: enforce\nmx: mx1.strict.test\nmax_age: 86400\n");

        DomainReport r = check("strict.test");

        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.MTA_STS_MX_NOT_COVERED)
                .singleElement()
                .satisfies(h -> {
                    assertThat(h.severity()).isEqualTo(dev.mailtls.diagnosis.Severity.ERROR);
                    assertThat(h.summary()).contains("mx2.strict.test");
                    assertThat(h.fix()).contains("mx: mx2.strict.test");
                });
        // The test CA is not trusted here: senders honouring enforce refuse both MX hosts.
        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.MTA_STS_CERT_INVALID)
                .hasSize(2)
                .allSatisfy(h -> assertThat(h.detail()).contains("not trusted"));
        assertThat(r.status()).isEqualTo(Status.FAILURE);
    }

    @Test
    void inTestingModeAnUncoveredMxIsAWarningAndCertificatesAreNotJudged() {
        twoMx("soft.test");
        publishes("soft.test", "v=STSv1; id=1;", "version: STSv1\nmode: testing\nmx: mx1.soft.test\nmax_age: 86400\n");
        DomainReport r = check("soft.test");
        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.MTA_STS_MX_NOT_COVERED)
                .singleElement()
                .satisfies(h -> assertThat(h.severity()).isEqualTo(dev.mailtls.diagnosis.Severity.WARNING));
        assertThat(codes(r)).doesNotContain(HintCode.MTA_STS_CERT_INVALID);
    }

    @Test
    void aPolicyThatCannotBeFetchedOrParsedAndAMissingRecordSaySo() {
        twoMx("gone.test");
        zone.txt.put("_mta-sts.gone.test", DnsAnswer.ok(List.of("v=STSv1; id=1;"), DnssecState.INSECURE));
        policyServer.put(
                "gone.test",
                new MtaStsFetch(
                        "mta-sts.gone.test",
                        "https://mta-sts.gone.test/.well-known/mta-sts.txt",
                        List.of(),
                        List.of(),
                        null,
                        null,
                        new MtaStsFetch.Failure(MtaStsFetch.Reason.REDIRECT, "301 to https://www.gone.test/"),
                        Map.of(),
                        3));
        assertThat(check("gone.test").hints())
                .filteredOn(h -> h.code() == HintCode.MTA_STS_FETCH_FAILED)
                .singleElement()
                .satisfies(h -> assertThat(h.detail()).contains("301 to https://www.gone.test/"));

        twoMx("bad.test");
        publishes("bad.test", "v=STSv1; id=1;", "version: STSv1\nmode: sometimes\nmax_age: 86400\n");
        assertThat(check("bad.test").hints())
                .filteredOn(h -> h.code() == HintCode.MTA_STS_POLICY_INVALID)
                .singleElement()
                .satisfies(h -> assertThat(h.detail()).contains("sometimes"));

        twoMx("none.test");
        zone.txt.put("_smtp._tls.none.test", DnsAnswer.ok(List.of("v=TLSRPTv1; rua=ftp://x"), DnssecState.INSECURE));
        DomainReport none = check("none.test");
        assertThat(codes(none)).contains(HintCode.MTA_STS_MISSING, HintCode.TLSRPT_INVALID);
        assertThat(none.policies().fetch()).isNull();
    }

    private DomainReport check(String domain) {
        return check(domain, probes, Duration.ofSeconds(20));
    }

    private static List<HintCode> codes(DomainReport r) {
        return r.hints().stream().map(Hint::code).toList();
    }

    @Test
    void everyMxIsProbedByAddressInPreferenceOrderWithItsNameAsServerName() {
        zone.mx.put(
                "example.test",
                DnsAnswer.ok(
                        List.of(new MxRecord(20, "mx2.example.test."), new MxRecord(10, "MX1.example.test")),
                        DnssecState.INSECURE));
        zone.host("mx1.example.test", "192.0.2.1").host("mx2.example.test", "192.0.2.2", "2001:db8::2");
        smtp("192.0.2.1", "mx1.example.test");
        smtp("192.0.2.2", "mx2.example.test");
        smtp("2001:db8:0:0:0:0:0:2", "mx2.example.test");

        DomainReport r = check("Example.TEST.");

        assertThat(r.domain()).isEqualTo("example.test");
        assertThat(r.mxKind()).isEqualTo(DomainReport.MxKind.LISTED);
        assertThat(r.mx()).extracting(MxHost::host).containsExactly("mx1.example.test", "mx2.example.test");
        assertThat(r.mx().get(1).addresses()).containsExactly("192.0.2.2", "2001:db8:0:0:0:0:0:2");
        assertThat(r.mx().get(1).results()).hasSize(2);
        assertThat(asked).allSatisfy(q -> {
            assertThat(q.port()).isEqualTo(25);
            assertThat(q.options().sniName()).startsWith("mx");
        });
        for (MxHost h : r.mx()) {
            for (MxProbe p : h.results()) {
                Report rep = p.report();
                assertThat(rep.result().starttls().accepted()).isTrue();
                assertThat(rep.result().tls().hostname().matches()).as(h.host()).isTrue();
            }
        }
        // Untrusted test CA: each probe warns or fails on trust, and the domain is as bad as its worst MX.
        Status worst = r.mx().stream()
                .flatMap(h -> h.results().stream())
                .map(p -> p.report().status())
                .reduce(Status.OK, Status::worst);
        assertThat(r.status()).isEqualTo(worst);
        assertThat(r.timings()).containsKeys("mx", "probes");
    }

    @Test
    void publishedClientServicesAreProbedOnTheirPortsAndStartTlsOnlyIsNamed() {
        twoMx("clients.test");
        zone.srv.put(
                "_submission._tcp.clients.test",
                DnsAnswer.ok(List.of(new SrvRecord(0, 1, 587, "mail.clients.test.")), DnssecState.INSECURE));
        zone.srv.put(
                "_imaps._tcp.clients.test",
                DnsAnswer.ok(List.of(new SrvRecord(0, 1, 993, "gone.clients.test")), DnssecState.INSECURE));
        zone.srv.put(
                "_pop3s._tcp.clients.test", DnsAnswer.ok(List.of(new SrvRecord(0, 0, 0, ".")), DnssecState.INSECURE));
        zone.host("mail.clients.test", "192.0.2.7");
        smtp("192.0.2.7", "mail.clients.test");

        DomainReport r = check("clients.test");

        assertThat(r.srv()).extracting(c -> c.service().id()).containsExactly("submission", "imaps", "pop3s");
        SrvCheck submission = r.srv().get(0);
        assertThat(submission.port()).isEqualTo(587);
        assertThat(submission.result().result().starttls().accepted()).isTrue();
        assertThat(submission.result().result().tls().hostname().matches()).isTrue();
        assertThat(asked).anySatisfy(q -> {
            assertThat(q.port()).isEqualTo(587);
            assertThat(q.transport()).isEqualTo(dev.mailtls.endpoint.Transport.STARTTLS);
        });
        assertThat(r.srv().get(2).problem()).contains("not offered");
        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.SRV_STARTTLS_ONLY)
                .singleElement()
                .satisfies(h -> assertThat(h.summary()).contains("submission").contains("submissions"));
        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.SRV_TARGET_NO_ADDRESS)
                .singleElement()
                .satisfies(h -> assertThat(h.summary()).contains("gone.clients.test"));
        assertThat(r.timings()).containsKey("clients");
    }

    @Test
    void aNullMxSaysTheDomainTakesNoMailAndProbesNothing() {
        zone.mx.put("nomail.test", DnsAnswer.ok(List.of(new MxRecord(0, ".")), DnssecState.INSECURE));
        DomainReport r = check("nomail.test");
        assertThat(r.mxKind()).isEqualTo(DomainReport.MxKind.NULL_MX);
        assertThat(codes(r)).containsExactly(HintCode.NULL_MX);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.mx()).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void noMxRecordProbesTheDomainItselfWithAWarning() {
        zone.mx.put("bare.test", DnsAnswer.ok(List.of(), DnssecState.INSECURE));
        zone.host("bare.test", "192.0.2.9");
        smtp("192.0.2.9", "bare.test");
        DomainReport r = check("bare.test");
        assertThat(r.mxKind()).isEqualTo(DomainReport.MxKind.IMPLICIT);
        assertThat(codes(r)).contains(HintCode.IMPLICIT_MX);
        assertThat(r.mx()).singleElement().satisfies(h -> {
            assertThat(h.host()).isEqualTo("bare.test");
            assertThat(h.results()).hasSize(1);
        });
    }

    @Test
    void aDomainThatDoesNotExistSaysSo() {
        DomainReport r = check("nosuch.test");
        assertThat(r.mxKind()).isEqualTo(DomainReport.MxKind.NOT_FOUND);
        assertThat(codes(r)).containsExactly(HintCode.DOMAIN_NOT_FOUND);
        assertThat(r.status()).isEqualTo(Status.FAILURE);
    }

    @Test
    void aBogusMxAnswerIsADnsFailureNamingDnssec() {
        zone.mx.put("bogus.test", DnsAnswer.failed("RRSIG has expired", DnssecState.BOGUS));
        DomainReport r = check("bogus.test");
        assertThat(r.mxKind()).isEqualTo(DomainReport.MxKind.DNS_FAILED);
        assertThat(r.hints()).singleElement().satisfies(h -> {
            assertThat(h.code()).isEqualTo(HintCode.DOMAIN_DNS_FAILED);
            assertThat(h.detail())
                    .contains("DNSSEC")
                    .contains("RRSIG has expired.")
                    .doesNotContain("..");
            // A resolver that strips DNSSEC makes every domain look bogus: the fix says how to tell.
            assertThat(h.fix()).contains("delv MX bogus.test").contains("MAILTLS_DNS_SERVER");
        });
    }

    @Test
    void anMxWithoutAddressIsAnError() {
        zone.mx.put(
                "half.test",
                DnsAnswer.ok(
                        List.of(new MxRecord(10, "mx1.half.test"), new MxRecord(20, "gone.half.test")),
                        DnssecState.INSECURE));
        zone.host("mx1.half.test", "192.0.2.1");
        smtp("192.0.2.1", "mx1.half.test");
        DomainReport r = check("half.test");
        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.MX_NO_ADDRESS)
                .singleElement()
                .satisfies(h -> {
                    assertThat(h.summary()).contains("gone.half.test");
                    assertThat(h.detail()).contains("does not exist");
                });
        assertThat(r.status()).isEqualTo(Status.FAILURE);
    }

    @Test
    void addressesOfOneHostThatAnswerDifferentlyAreNamed() {
        zone.mx.put("split.test", DnsAnswer.ok(List.of(new MxRecord(10, "mx.split.test")), DnssecState.INSECURE));
        zone.host("mx.split.test", "192.0.2.1", "192.0.2.2");
        smtp("192.0.2.1", "mx.split.test");
        servers.put(
                "192.0.2.2",
                ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .startTlsReply("502 5.5.1 not here")
                        .start());
        DomainReport r = check("split.test");
        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.MX_ADDRESSES_DISAGREE)
                .singleElement()
                .satisfies(h -> assertThat(h.detail()).contains("192.0.2.1").contains("192.0.2.2"));
    }

    @Test
    void aPolicyFetchThatUsesAllItsTimeIsReportedAsTimedOutWithTheRecordFound() {
        twoMx("slowpolicy.test");
        zone.txt.put("_mta-sts.slowpolicy.test", DnsAnswer.ok(List.of("v=STSv1; id=7;"), DnssecState.INSECURE));
        // As MtaStsFetcher does with a policy host that trickles: it takes every bit of its deadline.
        DomainCheck.PolicyFetch slow = (domain, deadline) -> {
            try {
                Thread.sleep(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MtaStsFetch(
                    "mta-sts." + domain,
                    "https://mta-sts." + domain + "/.well-known/mta-sts.txt",
                    List.of("192.0.2.80"),
                    List.of(),
                    "192.0.2.80",
                    null,
                    new MtaStsFetch.Failure(
                            MtaStsFetch.Reason.TIMEOUT, "no complete answer in " + deadline.toMillis() + " ms"),
                    Map.of(),
                    deadline.toMillis());
        };
        DomainReport r = new DomainCheck(
                        zone,
                        probes,
                        slow,
                        new Diagnoser(),
                        options,
                        Duration.ofSeconds(3),
                        Clock.systemUTC(),
                        Ticker.SYSTEM)
                .check("slowpolicy.test");

        assertThat(r.policies().mtaStsRecord().valid()).isTrue();
        assertThat(codes(r)).contains(HintCode.MTA_STS_FETCH_FAILED).doesNotContain(HintCode.MTA_STS_MISSING);
        assertThat(r.policies().fetch()).isNotNull();
        assertThat(r.policies().fetch().failure().reason()).isEqualTo(MtaStsFetch.Reason.TIMEOUT);
    }

    @Test
    void theCheckEndsByItsDeadlineWhateverAProbeDoes() {
        zone.mx.put("slow.test", DnsAnswer.ok(List.of(new MxRecord(10, "mx.slow.test")), DnssecState.INSECURE));
        zone.host("mx.slow.test", "192.0.2.1");
        EndpointProbes stuck = request -> {
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("not reached");
        };
        long t0 = System.nanoTime();
        DomainReport r = check("slow.test", stuck, Duration.ofMillis(700));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.mx())
                .singleElement()
                .satisfies(h -> assertThat(h.notProbed())
                        .singleElement()
                        .asString()
                        .contains("192.0.2.1")
                        .contains("deadline"));
        assertThat(codes(r)).contains(HintCode.MX_NOT_PROBED);
    }

    @Test
    void tlsaRecordsWithoutDnssecAreIgnoredBySendersAndABogusAnswerStopsMail() {
        zone.mx.put(
                "dane.test",
                DnsAnswer.ok(
                        List.of(new MxRecord(10, "a.dane.test"), new MxRecord(20, "b.dane.test")),
                        DnssecState.INSECURE));
        zone.host("a.dane.test", "192.0.2.1").host("b.dane.test", "192.0.2.2");
        smtp("192.0.2.1", "a.dane.test");
        smtp("192.0.2.2", "b.dane.test");
        zone.tlsa.put(
                "_25._tcp.a.dane.test",
                DnsAnswer.ok(List.of(new TlsaRecord(3, 1, 1, "ab".repeat(32))), DnssecState.INSECURE));
        zone.tlsa.put("_25._tcp.b.dane.test", DnsAnswer.failed("signature expired", DnssecState.BOGUS));
        DomainReport r = check("dane.test");
        assertThat(codes(r)).contains(HintCode.DANE_INSECURE, HintCode.DANE_BOGUS);
        assertThat(r.mx().get(0).dane().tlsa()).hasSize(1);
        assertThat(r.mx().get(1).dane().dnssec()).isEqualTo(DnssecState.BOGUS);
    }

    @Test
    void aResolverThatCannotValidateMakesTheWholeCheckIndeterminate() {
        // Verdicts a stub gives as they come: the check's one DNSSEC verdict overrides them all.
        zone.support = new DnssecSupport(
                DnssecSupport.Verdict.NO_SIGNATURES,
                "the resolver 192.0.2.53:53",
                "192.0.2.53:53 answered SERVFAIL when asked for the DNSKEY records of the root zone (.)");
        zone.mx.put(
                "dane.test",
                DnsAnswer.ok(
                        List.of(new MxRecord(10, "a.dane.test"), new MxRecord(20, "b.dane.test")), DnssecState.SECURE));
        zone.host("a.dane.test", "192.0.2.1").host("b.dane.test", "192.0.2.2");
        smtp("192.0.2.1", "a.dane.test");
        smtp("192.0.2.2", "b.dane.test");
        zone.tlsa.put(
                "_25._tcp.a.dane.test",
                DnsAnswer.ok(List.of(new TlsaRecord(3, 1, 1, "ab".repeat(32))), DnssecState.SECURE));
        zone.tlsa.put("_25._tcp.b.dane.test", DnsAnswer.failed("signature expired", DnssecState.BOGUS));

        DomainReport r = check("dane.test");

        assertThat(r.mx().get(0).dane().dnssec()).isEqualTo(DnssecState.INDETERMINATE);
        assertThat(r.mx().get(0).dane().matched()).isNull();
        assertThat(r.mx().get(0).dane().detail()).contains("not judged");
        assertThat(r.mx().get(1).dane().dnssec()).isEqualTo(DnssecState.INDETERMINATE);
        assertThat(codes(r))
                .contains(HintCode.DNSSEC_UNAVAILABLE)
                .doesNotContain(HintCode.DANE_BOGUS, HintCode.DANE_TLSA_MISMATCH, HintCode.DANE_OK);
        assertThat(new DomainJsonRenderer(false, false)
                        .tree(r)
                        .at("/mx/0/dane/dnssec")
                        .asText())
                .isEqualTo("indeterminate");
    }

    @Test
    void signedTlsaRecordsAreMatchedAgainstEachAddresssCertificate() {
        TestPki.Issued good = PKI.leaf("good.dane.test");
        TestPki.Issued bad = PKI.leafWithNewKey("bad.dane.test"); // every other test leaf shares one key
        zone.mx.put(
                "signed.test",
                DnsAnswer.ok(
                        List.of(new MxRecord(10, "good.dane.test"), new MxRecord(20, "bad.dane.test")),
                        DnssecState.SECURE));
        zone.host("good.dane.test", "192.0.2.1").host("bad.dane.test", "192.0.2.2");
        servers.put(
                "192.0.2.1",
                ScriptedMailServer.builder(Protocol.SMTP)
                        .sslContext(PKI.serverContext(good))
                        .start());
        servers.put(
                "192.0.2.2",
                ScriptedMailServer.builder(Protocol.SMTP)
                        .sslContext(PKI.serverContext(bad))
                        .start());
        // 3 1 1 of each leaf's key; the bad host publishes the good host's.
        TlsaRecord goodKey = TlsaSuggestion.records(chain(good)).get(0);
        zone.tlsa.put("_25._tcp.good.dane.test", DnsAnswer.ok(List.of(goodKey), DnssecState.SECURE));
        zone.tlsa.put("_25._tcp.bad.dane.test", DnsAnswer.ok(List.of(goodKey), DnssecState.SECURE));

        DomainReport r = check("signed.test");

        assertThat(r.mx().get(0).dane().matched()).isTrue();
        assertThat(r.mx().get(0).dane().detail()).contains("survives a renewal that keeps the key");
        assertThat(r.mx().get(1).dane().matched()).isFalse();
        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.DANE_OK)
                .singleElement()
                .satisfies(h -> assertThat(h.summary()).contains("good.dane.test"));
        assertThat(r.hints())
                .filteredOn(h -> h.code() == HintCode.DANE_TLSA_MISMATCH)
                .singleElement()
                .satisfies(h -> {
                    assertThat(h.summary()).contains("bad.dane.test");
                    assertThat(h.detail()).contains("192.0.2.2").contains("does not match the leaf");
                    assertThat(h.fix())
                            .contains("_25._tcp.bad.dane.test. IN TLSA 3 1 1 "
                                    + TlsaSuggestion.records(chain(bad)).get(0).data());
                });
        assertThat(r.status()).isEqualTo(Status.FAILURE);
    }

    private static List<dev.mailtls.tls.CertificateInfo> chain(TestPki.Issued issued) {
        return issued.chain().stream()
                .map(c -> dev.mailtls.tls.CertificateInspector.inspect(c, Instant.now()))
                .toList();
    }

    @Test
    void onlyAMailDomainIsAccepted() {
        assertThat(DomainCheck.normalise("@Example.COM.")).isEqualTo("example.com");
        for (String bad : new String[] {"localhost", "192.0.2.1", "https://example.com", "a b.com", "x@y.com", ""}) {
            assertThatIllegalArgumentException()
                    .as(bad)
                    .isThrownBy(() -> DomainCheck.normalise(bad))
                    .withMessageContaining("not a mail domain");
        }
    }
}
