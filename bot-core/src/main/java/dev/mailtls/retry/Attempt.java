package dev.mailtls.retry;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one try came to: done (delivered, or refused for good, e.g. a 4xx), or worth another try
 * (a 429 or 5xx), perhaps after the wait the other side asked for.
 *
 * @param value what the try returned (a response), kept so a caller can inspect the last one
 * @param again another try may succeed
 * @param retryAfter the wait the other side asked for ({@code Retry-After}, Discord's {@code retry_after})
 * @param problem what went wrong, for the give-up log line: never a URL or a token
 */
public record Attempt<T>(T value, boolean again, Optional<Duration> retryAfter, String problem) {
    public Attempt {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(problem, "problem");
    }

    /** Delivered, or failed in a way no retry mends. */
    public static <T> Attempt<T> done(T value) {
        return new Attempt<>(value, false, Optional.empty(), "");
    }

    /** Failed for now: try again, after {@code retryAfter} when the other side said so. */
    public static <T> Attempt<T> again(T value, Optional<Duration> retryAfter, String problem) {
        return new Attempt<>(value, true, retryAfter, problem);
    }

    /** One try: an answer, or an I/O failure (refused, reset, timed out), which counts as transient. */
    @FunctionalInterface
    public interface Call<T> {
        Attempt<T> call() throws IOException, InterruptedException;
    }
}
