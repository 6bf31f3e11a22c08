package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.Ticker;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.summary.Change;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.TargetGroup;
import dev.mailtls.summary.TargetSnapshot;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A target group's {@code domain:} line: the domain's own row, one row per MX address, and change
 * detection between runs for what the domain publishes (MX hosts, TLSA, MTA-STS, TLS-RPT).
 */
@Timeout(60)
class GroupDomainLineTest {
    private final ZoneDns zone = new ZoneDns();
    private final Map<String, MtaStsFetch> policies = new ConcurrentHashMap<>();
    private final Map<String, ScriptedMailServer> servers = new ConcurrentHashMap<>();
    private final Prober prober = new Prober(TestResolver.loopback("unused.test"), Clock.systemUTC());
    private final ProbeService service = new ProbeService(prober, ServiceLimits.defaults());

    private final EndpointProbes probes = request -> {
        ScriptedMailServer s = servers.get(request.host());
        ProbeRequest local =
                new ProbeRequest("127.0.0.1", s.port(), request.protocol(), request.transport(), request.options());
        return new ServiceResult.Probed(prober.probe(local), null, new ServiceResult.Asked("test", Instant.now()));
    };

    private final ProbeOptions options = ProbeOptions.defaults()
            .withDeadline(Duration.ofSeconds(8))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1))
            .withLegacyTlsCheck(false);

    private final GroupRunner runner = new GroupRunner(
            service,
            new Diagnoser(),
            options,
            Clock.systemUTC(),
            d -> Thread.sleep(d),
            Duration.ofSeconds(30),
            (domain, group) -> new DomainCheck(
                            zone,
                            probes,
                            (d, deadline) -> policies.get(d),
                            new Diagnoser(),
                            options,
                            Duration.ofSeconds(20),
                            Clock.systemUTC(),
                            Ticker.SYSTEM)
                    .check(domain));

    @AfterEach
    void stop() {
        servers.values().forEach(ScriptedMailServer::close);
        service.close();
    }

    private void mx(String host, int preference, String address) {
        zone.host(host, address);
        servers.computeIfAbsent(
                address,
                a -> ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start());
    }

    private void mxRecords(MxRecord... records) {
        zone.mx.put("watch.test", DnsAnswer.ok(List.of(records), DnssecState.SECURE));
    }

    private void tlsa(String host, String data) {
        zone.tlsa.put("_25._tcp." + host, DnsAnswer.ok(List.of(new TlsaRecord(3, 1, 1, data)), DnssecState.SECURE));
    }

    private void mtaSts(String id, String policy) {
        zone.txt.put("_mta-sts.watch.test", DnsAnswer.ok(List.of("v=STSv1; id=" + id + ";"), DnssecState.SECURE));
        policies.put(
                "watch.test",
                new MtaStsFetch(
                        "mta-sts.watch.test",
                        "https://mta-sts.watch.test/.well-known/mta-sts.txt",
                        List.of("192.0.2.80"),
                        List.of(),
                        "192.0.2.80",
                        policy,
                        null,
                        Map.of(),
                        5));
    }

    private void tlsRpt(String rua) {
        zone.txt.put("_smtp._tls.watch.test", DnsAnswer.ok(List.of("v=TLSRPTv1; rua=" + rua), DnssecState.SECURE));
    }

    private static final String DIGEST_A = "aa".repeat(32);
    private static final String DIGEST_B = "bb".repeat(32);

    private void firstPosture() {
        mx("mx1.watch.test", 10, "192.0.2.1");
        mx("mx2.watch.test", 20, "192.0.2.2");
        mxRecords(new MxRecord(10, "mx1.watch.test"), new MxRecord(20, "mx2.watch.test"));
        tlsa("mx1.watch.test", DIGEST_A);
        mtaSts("20261201", "version: STSv1\nmode: testing\nmx: mx1.watch.test\nmx: mx2.watch.test\nmax_age: 86400\n");
        tlsRpt("mailto:tls@watch.test");
    }

    private GroupRun run() throws Exception {
        return runner.run(new TargetGroup("watch", List.of("mx.other.test 25 starttls", "domain:Watch.TEST")), "test");
    }

    @Test
    void aDomainLineIsTheDomainsRowThenOneRowPerMxAddress() throws Exception {
        firstPosture();
        mx("mx.other.test", 25, "192.0.2.9");
        GroupRun run = runner.run(new TargetGroup("watch", List.of("domain:Watch.TEST")), "test");

        assertThat(run.snapshots())
                .extracting(TargetSnapshot::target)
                .containsExactly(
                        "domain:Watch.TEST",
                        "watch.test MX mx1.watch.test 192.0.2.1",
                        "watch.test MX mx2.watch.test 192.0.2.2");
        TargetSnapshot domain = run.snapshots().get(0);
        assertThat(domain.hostPort()).isEqualTo("watch.test");
        assertThat(domain.posture()).isNotNull();
        assertThat(domain.posture().mx()).extracting(m -> m.host()).containsExactly("mx1.watch.test", "mx2.watch.test");
        assertThat(domain.posture().mtaStsRecord()).isEqualTo("v=STSv1; id=20261201;");
        assertThat(domain.posture().policy().mode()).isEqualTo("testing");
        // The MX servers offer no STARTTLS: their rows fail, the domain's row carries the domain's hints.
        assertThat(run.snapshots().get(1).status()).isEqualTo(Status.FAILURE);
        assertThat(new ObjectMapper()
                        .readTree(run.cards().get("domain:Watch.TEST"))
                        .path("kind")
                        .asText())
                .isEqualTo("domain");
        // Each MX row keeps its probe's card, as an endpoint's row does.
        assertThat(new ObjectMapper()
                        .readTree(run.cards().get("watch.test MX mx1.watch.test 192.0.2.1"))
                        .path("failure")
                        .path("code")
                        .asText())
                .isEqualTo(run.snapshots().get(1).failureCode());
        // A posture survives the history's JSON form unchanged.
        assertThat(dev.mailtls.summary.DomainPosture.fromJson(domain.posture().toJson()))
                .isEqualTo(domain.posture());
    }

    @Test
    void aSecondRunNamesEveryChangeOfWhatTheDomainPublishes() throws Exception {
        firstPosture();
        mx("mx.other.test", 25, "192.0.2.9");
        zone.host("mx.other.test", "192.0.2.9");
        GroupRun first = run();

        mx("mx3.watch.test", 30, "192.0.2.3");
        mxRecords(new MxRecord(10, "mx1.watch.test"), new MxRecord(30, "mx3.watch.test"));
        tlsa("mx1.watch.test", DIGEST_B);
        mtaSts("20261205", "version: STSv1\nmode: enforce\nmx: mx1.watch.test\nmx: mx3.watch.test\nmax_age: 604800\n");
        tlsRpt("mailto:reports@watch.test");
        GroupRun second = run();

        List<Change> changes = GroupSummary.of(second, first).changes();
        assertThat(changes)
                .filteredOn(c -> c.target().equals("domain:Watch.TEST"))
                .extracting(c -> c.kind() + " " + c.detail())
                .contains(
                        "MX_REMOVED MX removed: 20 mx2.watch.test",
                        "MX_ADDED MX added: 30 mx3.watch.test (192.0.2.3)",
                        "TLSA_CHANGED TLSA of _25._tcp.mx1.watch.test: 3 1 1 aaaaaaaaaaaa… → 3 1 1 bbbbbbbbbbbb…",
                        "MTA_STS_CHANGED MTA-STS record: \"v=STSv1; id=20261201;\" → \"v=STSv1; id=20261205;\"",
                        "MTA_STS_CHANGED MTA-STS policy: mode testing → enforce; mx +mx3.watch.test, −mx2.watch.test;"
                                + " max_age 86400 → 604800",
                        "TLSRPT_CHANGED TLS-RPT record: \"v=TLSRPTv1; rua=mailto:tls@watch.test\" → \"v=TLSRPTv1;"
                                + " rua=mailto:reports@watch.test\"");
        assertThat(changes)
                .filteredOn(c -> c.kind() == Change.Kind.NEW_TARGET)
                .extracting(Change::target)
                .containsExactly("watch.test MX mx3.watch.test 192.0.2.3");
        // The endpoint line beside it is untouched by the domain's changes.
        assertThat(changes).noneMatch(c -> c.target().equals("mx.other.test 25 starttls"));
    }

    @Test
    void anMxQuestionThatFailsIsItsOwnHintNotEveryMxRemoved() throws Exception {
        firstPosture();
        mx("mx.other.test", 25, "192.0.2.9");
        GroupRun first = run();
        zone.mx.put("watch.test", DnsAnswer.failed("SERVFAIL from the resolver", null));
        GroupRun second = run();

        List<Change> changes = GroupSummary.of(second, first).changes();
        assertThat(changes).noneMatch(c -> c.kind() == Change.Kind.MX_REMOVED || c.kind() == Change.Kind.MX_CHANGED);
        assertThat(changes)
                .filteredOn(c -> c.target().equals("domain:Watch.TEST"))
                .extracting(c -> c.kind() + " " + c.detail())
                .anyMatch(t -> t.contains("DOMAIN_DNS_FAILED"));
    }

    @Test
    void aRunnerForEndpointsOnlyRefusesADomainLine() {
        GroupRunner endpointsOnly = new GroupRunner(service, new Diagnoser(), options);
        assertThatThrownBy(() -> endpointsOnly.run(new TargetGroup("g", List.of("domain:watch.test")), "test"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("group g lists domains");
    }
}
