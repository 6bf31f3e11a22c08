package dev.mailtls.service;

import dev.mailtls.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the service answers: a result (perhaps from the cache), or "try again in N s". */
public sealed interface ServiceResult {

    /** Who asked and when: for logs and metrics. Never holds credentials. */
    Asked asked();

    /**
     * @param requester who asked (chat user, API token id, IP), as given to the service
     * @param at when the service received the request
     */
    record Asked(String requester, Instant at) {}

    /** @param cachedAge how old the cached result is; null for a fresh probe */
    record Probed(ProbeResult result, @Nullable Duration cachedAge, Asked asked) implements ServiceResult {}

    /** @param retryAfter when to try again, rounded up to whole seconds by front ends */
    record Throttled(String reason, Duration retryAfter, Asked asked) implements ServiceResult {
        /** "try again in 12 s". */
        public String message() {
            return reason + ": try again in " + retryAfterSeconds() + " s";
        }

        /** Whole seconds, at least 1: the value of an HTTP Retry-After header. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }
}
