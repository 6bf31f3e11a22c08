package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.PolicyServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.TrustEvaluator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MTA-STS fetch of a served domain check goes through the probe service like the MX probes:
 * kept as long as probe results (unless fresh), shared between checks of one domain at the same
 * time, and drawn from the per-address connection budget.
 */
@Timeout(60)
class DomainChecksPolicyFetchTest {
    private static final TestPki PKI = TestPki.create();
    private static final String POLICY_HOST = "127.0.15.1";

    @TempDir
    Path dir;

    private final ZoneDns zone = new ZoneDns();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** The policy host of {@code domain} and of later.test; every domain's policy names mx.<domain>. */
    private PolicyServer policyServer(String domain) {
        PolicyServer s = PolicyServer.onPort443(
                POLICY_HOST,
                PKI.serverContext(PKI.leaf("mta-sts." + domain, "mta-sts.later.test")),
                PolicyServer.trickling(
                        PolicyServer.ok("version: STSv1\nmode: testing\nmx: *.test\nmax_age: 86400\n"),
                        Duration.ofMillis(1)));
        open.add(s);
        return s;
    }

    /** A domain whose one MX is a documentation address (refused at once) and whose policy host is local. */
    private void domain(String domain) {
        zone.mx.put(domain, DnsAnswer.ok(List.of(new MxRecord(10, "mx." + domain)), DnssecState.INSECURE));
        zone.host("mx." + domain, "192.0.2.1");
        zone.txt.put("_mta-sts." + domain, DnsAnswer.ok(List.of("v=STSv1; id=1;"), DnssecState.INSECURE));
        zone.host("mta-sts." + domain, POLICY_HOST);
    }

    private DomainChecks checks(Rate perAddress) {
        AddressPolicy strict = AddressPolicy.strict(List.of(), List.of(), AddressPolicy.MAIL_PORTS);
        ServiceLimits d = ServiceLimits.defaults();
        ProbeService service = new ProbeService(
                new Prober(TestResolver.loopback("unused.test"), Clock.systemUTC(), strict),
                new ServiceLimits(
                        d.cacheTtl(),
                        d.maxConcurrent(),
                        d.maxQueued(),
                        new Rate(1000, Duration.ofMinutes(1)),
                        new Rate(1000, Duration.ofMinutes(1)),
                        perAddress,
                        new Rate(1000, Duration.ofMinutes(1))));
        open.add(service);
        return new DomainChecks(
                zone,
                service,
                new Diagnoser(),
                ProbeOptions.defaults().withLegacyTlsCheck(false),
                AddressPolicy.strict(List.of(dev.mailtls.net.Cidr.parse("127.0.15.0/24")), List.of(), Set.of(443)),
                TrustEvaluator.jdkDefaults(PKI.writeRootPem(dir)),
                Duration.ofSeconds(20),
                Clock.systemUTC());
    }

    private static DomainReport report(DomainChecks.Answer a) {
        return ((DomainChecks.Answer.Checked) a).report();
    }

    @Test
    void aSecondCheckReusesTheFetchAndAFreshOneFetchesAgain() {
        PolicyServer server = policyServer("kept.test");
        domain("kept.test");
        DomainChecks checks = checks(new Rate(100, Duration.ofMinutes(1)));

        DomainReport first = report(checks.check("kept.test", "alice", false));
        DomainReport second = report(checks.check("kept.test", "bob", false));
        assertThat(first.policies().fetch().ok())
                .as(String.valueOf(first.policies().fetch()))
                .isTrue();
        assertThat(second.policies().policy().value().mode()).isEqualTo(MtaStsPolicy.Mode.TESTING);
        assertThat(server.connections()).isEqualTo(1);

        report(checks.check("kept.test", "carol", true));
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void checksOfOneDomainAtTheSameTimeShareOneFetch() throws Exception {
        PolicyServer server = policyServer("shared.test");
        domain("shared.test");
        DomainChecks checks = checks(new Rate(100, Duration.ofMinutes(1)));
        List<Future<DomainChecks.Answer>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                String who = "person" + i;
                running.add(pool.submit(() -> checks.check("shared.test", who, false)));
            }
            for (Future<DomainChecks.Answer> f : running) {
                assertThat(report(f.get()).policies().fetch().ok()).isTrue();
            }
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void theFetchDrawsOnThePerAddressBudgetAndAHeldFetchIsAWarningNeverKept() throws Exception {
        PolicyServer server = policyServer("budget.test");
        domain("budget.test");
        DomainChecks checks = checks(new Rate(1, Duration.ofSeconds(2)));

        assertThat(report(checks.check("budget.test", "alice", false))
                        .policies()
                        .fetch()
                        .ok())
                .isTrue();
        DomainReport held = report(checks.check("budget.test", "bob", true));

        assertThat(server.connections()).isEqualTo(1);
        assertThat(held.policies().fetch().failure().reason()).isEqualTo(MtaStsFetch.Reason.THROTTLED);
        Hint hint = held.hints().stream()
                .filter(h -> h.code() == HintCode.MTA_STS_NOT_FETCHED)
                .findFirst()
                .orElseThrow();
        assertThat(hint.severity()).isEqualTo(dev.mailtls.diagnosis.Severity.WARNING);
        assertThat(hint.detail()).contains(POLICY_HOST);
        assertThat(held.hints()).noneMatch(h -> h.code() == HintCode.MTA_STS_FETCH_FAILED);
        // The held fetch did not replace the one kept before.
        assertThat(report(checks.check("budget.test", "carol", false))
                        .policies()
                        .fetch()
                        .ok())
                .isTrue();

        // Nor is a held fetch ever kept: once the budget allows again, the next check fetches.
        domain("later.test");
        DomainReport refused = report(checks.check("later.test", "dave", false));
        assertThat(refused.policies().fetch().failure().reason()).isEqualTo(MtaStsFetch.Reason.THROTTLED);
        Thread.sleep(2_100);
        assertThat(report(checks.check("later.test", "erin", false))
                        .policies()
                        .fetch()
                        .ok())
                .isTrue();
        assertThat(server.connections()).isEqualTo(2);
    }
}
