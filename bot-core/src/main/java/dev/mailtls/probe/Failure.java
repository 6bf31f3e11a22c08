package dev.mailtls.probe;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why and where a probe stopped. {@code evidence} holds what was seen that supports the code, e.g.
 * the plaintext greeting found on a port that was expected to speak implicit TLS, or the TLS alert.
 * {@code waited}, for a silence, is how long the read that met it actually waited: the timeout in
 * force, bounded by the deadline. Hints, timings and the transcript all quote this one value.
 */
public record Failure(
        Phase phase,
        FailureCode code,
        String message,
        @Nullable String evidence,
        @Nullable Duration waited) {
    /** The evidence of a failed handshake when the old versions offered after it were refused too. */
    public static final String OLD_VERSIONS_REFUSED =
            "mailtls then offered TLS 1.1, TLS 1.0 and SSLv3 on further connections: the server refused them too";

    /** The same when they got no answer either way. */
    public static final String OLD_VERSIONS_UNANSWERED =
            "mailtls then offered TLS 1.1, TLS 1.0 and SSLv3 on further connections: no clear answer";

    public Failure {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public Failure(Phase phase, FailureCode code, String message, @Nullable String evidence) {
        this(phase, code, message, evidence, null);
    }

    public Failure(Phase phase, FailureCode code, String message) {
        this(phase, code, message, null, null);
    }

    /** The same failure with evidence added. */
    public Failure withEvidence(String found) {
        return new Failure(phase, code, message, found, waited);
    }
}
