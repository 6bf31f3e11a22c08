package dev.mailtls.diagnosis;

import java.util.Objects;

/**
 * A diagnosis: a stable code, how much it matters, a one-line summary, the detail, and what to
 * do about it.
 */
public record Hint(HintCode code, Severity severity, String summary, String detail, String fix) {
    public Hint {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
    }
}
