package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.auth.Credentials;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.testing.ProbeResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One line per probe, cache hit and refusal: who, what, outcome, time; never credentials. */
class ProbeLogTest {
    private final List<String> lines = new ArrayList<>();
    private final ProbeLog log = new ProbeLog(new Diagnoser(DiagnosisThresholds.defaults()), lines::add);
    private final ServiceResult.Asked asked =
            new ServiceResult.Asked("token:1a2b3c4d", Instant.parse("2026-11-29T10:00:00Z"));

    @Test
    void probeLineNamesRequesterTargetKindOutcomeAndMilliseconds() {
        ProbeResult r = ProbeResults.healthySubmission().build();

        log.probed(r.request(), new ServiceResult.Probed(r, null, asked), 123_000_000L);

        assertThat(lines)
                .containsExactly(
                        "probe requester=token:1a2b3c4d target=smtp.gmail.com:587 smtp/starttls outcome=ok" + " 123ms");
    }

    @Test
    void cacheHitLineSaysHowOldTheResultIs() {
        ProbeResult r = ProbeResults.healthySubmission().build();

        log.cacheHit(r.request(), new ServiceResult.Probed(r, Duration.ofSeconds(42), asked));

        assertThat(lines.get(0))
                .startsWith("cache-hit requester=token:1a2b3c4d")
                .endsWith("(cached 42s ago)");
    }

    @Test
    void failedProbeLineCarriesTheFailureCode() {
        ProbeResult r = ProbeResults.builder("mail.example.com", 25, Protocol.SMTP, Transport.STARTTLS)
                .failure(Phase.CONNECT, FailureCode.CONNECT_REFUSED, "connection refused", null)
                .build();

        log.probed(r.request(), new ServiceResult.Probed(r, null, asked), 5_000_000L);

        assertThat(lines.get(0)).contains("outcome=failure/CONNECT_REFUSED").endsWith(" 5ms");
    }

    @Test
    void credentialsAreFlaggedNeverLogged() {
        ProbeOptions withCreds =
                ProbeOptions.defaults().withAuthProbe(true, new Credentials("alice@example.com", "s3cret-pw"), false);
        ProbeResult r = ProbeResults.healthySubmission().options(withCreds).build();

        log.probed(r.request(), new ServiceResult.Probed(r, null, asked), 1_000_000L);

        assertThat(lines.get(0))
                .contains("with-credentials")
                .doesNotContain("alice")
                .doesNotContain("s3cret");
    }

    @Test
    void throttledLineSaysWhenToRetryAndHasNoControlCharacters() {
        ProbeRequest request = new ProbeRequest("mail.example.com", 587, null, null, ProbeOptions.defaults());
        ServiceResult.Asked fromIp = new ServiceResult.Asked("ip:203.0.113.9\nforged", asked.at());

        log.throttled(request, new ServiceResult.Throttled("too many probes", Duration.ofSeconds(12), fromIp));

        assertThat(lines)
                .containsExactly(
                        "throttled requester=ip:203.0.113.9\\x0Aforged target=mail.example.com:587 unknown/auto"
                                + " outcome=throttled retry-after=12s (too many probes)");
    }

    @Test
    void aDeepProbeIsMarkedDeepInItsLines() {
        ProbeResult r = ProbeResults.healthySubmission()
                .options(ProbeOptions.defaults().withDeep(true))
                .build();

        log.probed(r.request(), new ServiceResult.Probed(r, null, asked), 2_000_000L);
        log.throttled(r.request(), new ServiceResult.Throttled("a deep probe makes", Duration.ofSeconds(300), asked));

        assertThat(lines.get(0))
                .isEqualTo(
                        "probe requester=token:1a2b3c4d target=smtp.gmail.com:587 smtp/starttls deep outcome=ok 2ms");
        assertThat(lines.get(1)).contains(" smtp/starttls deep outcome=throttled retry-after=300s");
    }
}
