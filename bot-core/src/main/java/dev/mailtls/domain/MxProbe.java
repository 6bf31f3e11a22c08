package dev.mailtls.domain;

import dev.mailtls.card.Report;
import java.util.Objects;

/** One MX address and its diagnosed probe. */
public record MxProbe(String address, Report report) {
    public MxProbe {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(report, "report");
    }
}
