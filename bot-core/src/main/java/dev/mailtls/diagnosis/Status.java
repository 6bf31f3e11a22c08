package dev.mailtls.diagnosis;

import java.util.Collection;
import java.util.Locale;

/** A result's overall status: failure if any hint is an error, warning if any is a warning. */
public enum Status {
    OK(0),
    WARNING(1),
    FAILURE(2);

    private final int exitCode;

    Status(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The CLI's exit code: 0 ok, 1 warnings, 2 failure. */
    public int exitCode() {
        return exitCode;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of two statuses. */
    public static Status worst(Status a, Status b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public static Status of(Collection<Hint> hints) {
        Status s = OK;
        for (Hint h : hints) {
            if (h.severity() == Severity.ERROR) {
                return FAILURE;
            }
            if (h.severity() == Severity.WARNING) {
                s = WARNING;
            }
        }
        return s;
    }
}
