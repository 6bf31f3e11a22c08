package dev.mailtls.tls;

import org.jspecify.annotations.Nullable;

/**
 * What the server said to a ClientHello offering only TLS 1.0 and 1.1 (the check itself is the
 * engine's): part of a probe's {@link TlsOutcome}.
 *
 * @param outcome accepted, refused, or unknown
 * @param acceptedVersion "TLSv1" or "TLSv1.1" when the server completed a handshake with it,
 *     else null
 * @param detail a sentence for the transcript
 */
public record LegacyTlsResult(
        LegacyTlsResult.Outcome outcome,
        @Nullable String acceptedVersion,
        @Nullable String cipherSuite,
        String detail) {

    /** What a legacy-only offer established. */
    public enum Outcome {
        /** The server completed a TLS 1.0/1.1 handshake. */
        ACCEPTED,
        /** The server answered with a TLS alert, or chose a newer version than offered: a clean no. */
        REFUSED,
        /**
         * No answer either way: a timeout, a connection that broke or closed without a TLS word, or a
         * second connection that could not be made. A slow server that does accept TLS 1.0/1.1 ends
         * here, so this must never read as "refused".
         */
        UNKNOWN
    }

    public LegacyTlsResult {
        java.util.Objects.requireNonNull(outcome, "outcome");
        java.util.Objects.requireNonNull(detail, "detail");
        if ((outcome == Outcome.ACCEPTED) != (acceptedVersion != null)) {
            throw new IllegalArgumentException(
                    "acceptedVersion must be set exactly when accepted: " + outcome + ", " + acceptedVersion);
        }
    }

    public static LegacyTlsResult accepted(String version, @Nullable String cipherSuite, String detail) {
        return new LegacyTlsResult(Outcome.ACCEPTED, version, cipherSuite, detail);
    }

    public static LegacyTlsResult refused(String detail) {
        return new LegacyTlsResult(Outcome.REFUSED, null, null, detail);
    }

    public static LegacyTlsResult unknown(String detail) {
        return new LegacyTlsResult(Outcome.UNKNOWN, null, null, detail);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }

    public boolean refused() {
        return outcome == Outcome.REFUSED;
    }

    public boolean unknown() {
        return outcome == Outcome.UNKNOWN;
    }
}
