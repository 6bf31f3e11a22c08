package dev.mailtls.card;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.probe.ProbeResult;
import java.util.List;
import java.util.Objects;

/** A probe result with its diagnosis: what every renderer and the JSON API start from. */
public record Report(ProbeResult result, List<Hint> hints, Status status) {

    public Report {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(status, "status");
        hints = List.copyOf(hints);
    }

    /** Diagnoses the result; the status follows from the hints. */
    public static Report of(ProbeResult result, Diagnoser diagnoser) {
        List<Hint> hints = diagnoser.diagnose(result);
        return new Report(result, hints, Status.of(hints));
    }
}
