package dev.mailtls.service;

import dev.mailtls.probe.ProbeResult;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What the service answers: a result (perhaps from the cache), or "try again in N s". */
public sealed interface ServiceResult {

    /** @param cachedAge how old the cached result is; null for a fresh probe */
    record Probed(ProbeResult result, @Nullable Duration cachedAge) implements ServiceResult {}

    /** @param retryAfter when to try again, rounded up to whole seconds by front ends */
    record Throttled(String reason, Duration retryAfter) implements ServiceResult {
        /** "try again in 12 s". */
        public String message() {
            long s = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            return reason + ": try again in " + s + " s";
        }
    }
}
