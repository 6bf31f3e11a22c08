package dev.mailtls.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.ProbeResults;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whatever the failure, a failed probe never reads as healthy. */
class SafetyNetTest {
    private final Diagnoser diagnoser = new Diagnoser(DiagnosisThresholds.defaults());

    @ParameterizedTest
    @EnumSource(FailureCode.class)
    void everyFailureCodeInEveryPhaseIsAFailure(FailureCode code) {
        for (Phase phase : Phase.values()) {
            ProbeResult ok = ProbeResults.healthyStartTls(Protocol.SMTP).build();
            ProbeResult failed = new ProbeResult(
                    ok.request(),
                    ok.target(),
                    ok.startedAt(),
                    ok.addresses(),
                    ok.address(),
                    ok.greeting(),
                    ok.capabilitiesBeforeTls(),
                    ok.capabilitiesAfterTls(),
                    ok.starttls(),
                    ok.tls(),
                    ok.auth(),
                    new Failure(phase, code, "something went wrong"),
                    ok.timings(),
                    ok.totalMs(),
                    ok.transcript());
            List<Hint> hints = diagnoser.diagnose(failed);
            assertThat(Status.of(hints)).as(code + " in " + phase).isEqualTo(Status.FAILURE);
        }
    }
}
