package dev.mailtls.card;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Instants in JSON as ISO-8601 UTC in whole seconds ({@code 2026-11-29T10:00:00Z}): what the
 * documentation shows, and what {@code jq}'s {@code fromdateiso8601} reads (it refuses fractions).
 * Durations, measured separately in milliseconds, carry the precision.
 */
final class JsonInstant {
    private JsonInstant() {}

    /** The instant cut to whole seconds, or null. */
    static @Nullable String of(@Nullable Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
