package dev.mailtls.retry;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * How a delivery ended.
 *
 * @param value the last answer, null when the last try failed with an I/O error
 * @param error the last try's I/O error, null when it answered
 * @param delivered the last try was final ({@link Attempt#done}); false when the policy gave up
 * @param attempts how many tries were made
 * @param problem why the policy gave up ("HTTP 500 after 5 attempts"); empty when {@code delivered}
 */
public record Outcome<T>(
        @Nullable T value, @Nullable IOException error, boolean delivered, int attempts, String problem) {

    /** The last answer, or the last I/O error thrown. */
    public T valueOrThrow() throws IOException {
        if (value != null) {
            return value;
        }
        throw error != null ? error : new IOException(problem);
    }
}
