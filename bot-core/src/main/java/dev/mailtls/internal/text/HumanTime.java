package dev.mailtls.internal.text;

import java.util.Locale;

/** The one way durations read in hints and cards: "96 ms", "10 s", "10.1 s". */
public final class HumanTime {
    private HumanTime() {}

    public static String of(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
