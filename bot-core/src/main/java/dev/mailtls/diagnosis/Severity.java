package dev.mailtls.diagnosis;

import java.util.Locale;

/** How much a hint matters. Ordered from least to most severe. */
public enum Severity {
    OK,
    INFO,
    WARNING,
    ERROR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
