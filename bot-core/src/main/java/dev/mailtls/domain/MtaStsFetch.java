package dev.mailtls.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One fetch of a domain's MTA-STS policy file: its text, or why it could not be had, and how long
 * each step took. Always produced: a failure is data, never an exception.
 *
 * @param host {@code mta-sts.<domain>}
 * @param url {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}
 * @param addresses every address the host resolved to, as literals
 * @param refused the addresses the address policy refused, each with why ({@code 10.0.0.5 is in
 *     RFC 1918 private space}); the fetch went on to the next address
 * @param address the address the policy came from (or the TLS or HTTP failure), null if none was
 *     connected to
 * @param body the policy file as served, null when the fetch failed
 * @param failure why the fetch failed, null when it succeeded
 * @param timings milliseconds per step that ran, in step order
 * @param totalMs the whole fetch
 */
public record MtaStsFetch(
        String host,
        String url,
        List<String> addresses,
        List<String> refused,
        @Nullable String address,
        @Nullable String body,
        @Nullable Failure failure,
        Map<Step, Long> timings,
        long totalMs) {

    /** The steps of a fetch, in order. */
    public enum Step {
        RESOLVE,
        CONNECT,
        HANDSHAKE,
        RESPONSE
    }

    /** Why a fetch failed. Stable codes: they appear in JSON and drive the diagnosis. */
    public enum Reason {
        DNS("the policy host does not resolve"),
        ADDRESS_DENIED("the address policy refuses the policy host's address"),
        CONNECT("the policy host's HTTPS port could not be reached"),
        TLS_UNTRUSTED("the policy host's certificate is not trusted"),
        TLS_NAME_MISMATCH("the policy host's certificate is for another name"),
        TLS_HANDSHAKE("the TLS handshake with the policy host failed"),
        BAD_RESPONSE("the policy host's answer is not valid HTTP"),
        HTTP_STATUS("the policy host did not answer 200 OK"),
        REDIRECT("the policy host redirects, and senders do not follow redirects"),
        CONTENT_TYPE("the policy is not served as text/plain"),
        TOO_LARGE("the policy file is larger than 64 KiB"),
        TIMEOUT("the fetch ran out of time"),
        THROTTLED("mailtls's connection limits held the fetch back");

        private final String meaning;

        Reason(String meaning) {
            this.meaning = meaning;
        }

        /** What the code means, in a few words. */
        public String meaning() {
            return meaning;
        }
    }

    /** A failed fetch: the stable reason, and what happened in words (host, address, status, header). */
    public record Failure(Reason reason, String message) {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    public MtaStsFetch {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(url, "url");
        addresses = List.copyOf(addresses);
        refused = List.copyOf(refused);
        if ((body == null) == (failure == null)) {
            throw new IllegalArgumentException("a fetch has either a body or a failure: " + url);
        }
        timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }

    public boolean ok() {
        return failure == null;
    }

    /** The policy file parsed ({@link Parsed.Status#ABSENT} when the fetch failed). */
    public Parsed<MtaStsPolicy> policy() {
        return body == null ? Parsed.absent() : MtaStsPolicy.parse(body);
    }
}
