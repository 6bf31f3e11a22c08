package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.TrustEvaluator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Domain checks as the server runs them: the server's strict address policy applies to every
 * connection a check makes (each MX address, the MTA-STS host on port 443), and a person's checks
 * are throttled like group runs.
 */
@Timeout(60)
class DomainChecksTest {
    private final ZoneDns zone = new ZoneDns();
    private final AddressPolicy strict = AddressPolicy.strict(List.of(), List.of(), AddressPolicy.MAIL_PORTS);
    private final ProbeService service = new ProbeService(
            new Prober(TestResolver.loopback("unused.test"), Clock.systemUTC(), strict), ServiceLimits.defaults());

    @AfterEach
    void close() {
        service.close();
    }

    private DomainChecks checks() {
        return new DomainChecks(
                zone,
                service,
                new Diagnoser(),
                ProbeOptions.defaults().withLegacyTlsCheck(false),
                AddressPolicy.strict(List.of(), List.of(), Set.of(443)),
                TrustEvaluator.jdkDefaults(null),
                Duration.ofSeconds(20),
                Clock.systemUTC());
    }

    @Test
    void theStrictPolicyRefusesLoopbackMxAddressesAndALoopbackMtaStsHost() {
        zone.mx.put("inside.test", DnsAnswer.ok(List.of(new MxRecord(10, "mx.inside.test")), DnssecState.INSECURE));
        zone.host("mx.inside.test", "127.0.0.1");
        zone.txt.put("_mta-sts.inside.test", DnsAnswer.ok(List.of("v=STSv1; id=1;"), DnssecState.INSECURE));
        zone.host("mta-sts.inside.test", "127.0.0.1");

        DomainChecks.Answer a = checks().check("inside.test", "alice", false);

        DomainReport r = ((DomainChecks.Answer.Checked) a).report();
        assertThat(r.mx().get(0).results())
                .singleElement()
                .satisfies(p -> assertThat(p.report().result().failure().code()).isEqualTo(FailureCode.ADDRESS_DENIED));
        assertThat(r.policies().fetch().failure().reason()).isEqualTo(MtaStsFetch.Reason.ADDRESS_DENIED);
        assertThat(r.hints().stream().map(Hint::code)).contains(HintCode.MTA_STS_FETCH_FAILED);
        // The card names the refusal once per address, not once as a failure and again as a hint.
        String text = new dev.mailtls.card.TextRenderer(false, false, false).render(DomainCard.of(r));
        assertThat(text)
                .contains("127.0.0.1  failure · ADDRESS_DENIED")
                .doesNotContain("ADDRESS_DENIED · ADDRESS_DENIED");
    }

    @Test
    void aPersonStartingManyChecksIsThrottledAndABadDomainIsAUsageError() {
        zone.mx.put("nomail.test", DnsAnswer.ok(List.of(new MxRecord(0, ".")), DnssecState.INSECURE));
        DomainChecks checks = checks();
        DomainChecks.Answer last = null;
        for (int i = 0; i < 20 && !(last instanceof DomainChecks.Answer.Throttled); i++) {
            last = checks.check("nomail.test", "bob", false);
        }
        assertThat(last).isInstanceOf(DomainChecks.Answer.Throttled.class);
        assertThat(checks.check("nomail.test", "carol", false)).isInstanceOf(DomainChecks.Answer.Checked.class);
        assertThatIllegalArgumentException().isThrownBy(() -> checks.check("http://x", "carol", false));
    }
}
