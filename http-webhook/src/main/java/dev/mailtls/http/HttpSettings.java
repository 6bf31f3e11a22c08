package dev.mailtls.http;

import dev.mailtls.probe.ProbeOptions;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP front end behaves.
 *
 * @param tokens the bearer tokens the API accepts; none means every API request gets 401
 * @param anonymousPage whether the web page at {@code /} may run probes without a token (each
 *     client address then has its own throttle); when false the page asks for a token
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param maxBatchTargets the most targets one batch request may name
 * @param probeOptions the options every probe starts from (deadline, extra trusted CAs)
 * @param corsOrigins origins allowed to call the API from a browser; empty turns CORS off
 */
public record HttpSettings(
        ApiTokens tokens,
        boolean anonymousPage,
        int maxBodyBytes,
        int maxBatchTargets,
        ProbeOptions probeOptions,
        List<String> corsOrigins) {

    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_BATCH_TARGETS = 20;

    public HttpSettings {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(probeOptions, "probeOptions");
        corsOrigins = List.copyOf(corsOrigins);
        if (maxBodyBytes < 256) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 256, was " + maxBodyBytes);
        }
        if (maxBatchTargets < 1) {
            throw new IllegalArgumentException("maxBatchTargets must be at least 1, was " + maxBatchTargets);
        }
    }

    /** The given tokens, an anonymous page, 16 KiB bodies, batches of 20, default probes, no CORS. */
    public static HttpSettings defaults(ApiTokens tokens) {
        return new HttpSettings(
                tokens, true, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BATCH_TARGETS, ProbeOptions.defaults(), List.of());
    }
}
