package dev.mailtls.diagnosis;

import dev.mailtls.probe.Failure;
import dev.mailtls.probe.ProbeResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Pure rules from a probe result to hints: no I/O, no clock (the probe's own start time dates the
 * certificate checks). Hints come errors first, then warnings, info and ok; within a severity, in
 * the order of the probe's phases. Each code appears at most once.
 */
public final class Diagnoser {
    private final DiagnosisThresholds thresholds;
    private final List<Rules> rules = List.of(
            new ConnectRules(),
            new GreetingRules(),
            new StartTlsRules(),
            new TlsRules(),
            new DeepTlsRules(),
            new CertificateRules(),
            new CapabilityRules(),
            new LoginPolicyRules());

    public Diagnoser(DiagnosisThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /** A diagnoser with {@link DiagnosisThresholds#defaults()}. */
    public Diagnoser() {
        this(DiagnosisThresholds.defaults());
    }

    public DiagnosisThresholds thresholds() {
        return thresholds;
    }

    /** The hints for one result, most severe first. */
    public List<Hint> diagnose(ProbeResult result) {
        Objects.requireNonNull(result, "result");
        Facts facts = new Facts(result, thresholds);
        List<Hint> hints = new ArrayList<>();
        Set<HintCode> seen = EnumSet.noneOf(HintCode.class);
        for (Rules r : rules) {
            for (Hint h : r.diagnose(facts)) {
                if (seen.add(h.code())) {
                    hints.add(h);
                }
            }
        }
        Failure failure = result.failure();
        if (failure != null && hints.stream().noneMatch(h -> h.severity() == Severity.ERROR)) {
            // Safety net: a probe that stopped early is a failure even when no rule names the cause.
            hints.add(new Hint(
                    HintCode.PROBE_FAILED,
                    Severity.ERROR,
                    "The probe stopped during " + failure.phase().key() + ": "
                            + failure.code().meaning() + ".",
                    failure.message() + ".",
                    "Read the transcript (--transcript) and compare with the manual command at the end."));
        }
        // A stable sort keeps the phase order within one severity.
        hints.sort(Comparator.comparing(Hint::severity).reversed());
        return List.copyOf(hints);
    }
}
