package dev.mailtls.tls;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the server said to a ClientHello offering only TLS 1.0 and 1.1 (the check itself is the
 * engine's): part of a probe's {@link TlsOutcome}.
 *
 * @param outcome accepted, refused, or unknown
 * @param acceptedVersion "TLSv1.1" or "TLSv1" (the newer when both) when the server chose a suite
 *     in it (its ServerHello), else null
 * @param detail a sentence for the transcript
 * @param acceptedVersions every legacy version the server accepts ({@code TLSv1}, {@code
 *     TLSv1.1}), oldest first; empty unless accepted
 */
public record LegacyTlsResult(
        LegacyTlsResult.Outcome outcome,
        @Nullable String acceptedVersion,
        @Nullable String cipherSuite,
        String detail,
        List<String> acceptedVersions) {

    /** What a legacy-only offer established. */
    public enum Outcome {
        /** The server chose a suite in TLS 1.0 or 1.1 when offered only that version. */
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
        acceptedVersions = acceptedVersions.isEmpty() && acceptedVersion != null
                ? List.of(acceptedVersion)
                : List.copyOf(acceptedVersions);
    }

    public static LegacyTlsResult accepted(String version, @Nullable String cipherSuite, String detail) {
        return new LegacyTlsResult(Outcome.ACCEPTED, version, cipherSuite, detail, List.of(version));
    }

    /** "TLSv1 and TLSv1.1", or the one version accepted. */
    public String acceptedText() {
        return String.join(" and ", acceptedVersions);
    }

    /**
     * The answer from an enumeration that asked about TLS 1.0 and 1.1 (the legacy check, or a deep
     * probe): accepted when either is (both named when both are), refused when both are, else
     * unknown with why.
     */
    public static LegacyTlsResult of(TlsEnumeration e) {
        List<String> accepted = new ArrayList<>();
        TlsEnumeration.VersionSuites newest = null;
        List<String> why = new ArrayList<>();
        boolean asked = false;
        for (TlsEnumeration.VersionSuites v : e.versions()) {
            if (!v.version().equals("TLSv1") && !v.version().equals("TLSv1.1")) {
                continue;
            }
            asked = true;
            switch (v.accepted()) {
                case YES -> {
                    accepted.add(v.version());
                    newest = v;
                }
                case UNKNOWN ->
                    e.unknown().stream()
                            .filter(u -> u.startsWith(v.version() + " ") || u.startsWith(v.version() + ":"))
                            .findFirst()
                            .ifPresent(why::add);
                case NO -> {}
            }
        }
        if (newest != null) {
            return new LegacyTlsResult(
                    Outcome.ACCEPTED,
                    newest.version(),
                    newest.suites().isEmpty() ? null : newest.suites().get(0),
                    "the server accepts " + String.join(" and ", accepted) + " when offered only that version",
                    accepted);
        }
        if (!asked
                || !why.isEmpty()
                || e.versions().stream()
                        .anyMatch(
                                v -> (v.version().equals("TLSv1") || v.version().equals("TLSv1.1"))
                                        && v.accepted() == TlsEnumeration.Acceptance.UNKNOWN)) {
            return unknown("no answer to a TLS 1.0/1.1 offer" + (why.isEmpty() ? "" : ": " + String.join("; ", why)));
        }
        return refused("the server refuses TLS 1.0 and 1.1"
                + (e.notes().isEmpty()
                        ? " (with a TLS alert, or a newer version chosen)"
                        : " (" + e.notes().get(0) + ")"));
    }

    public static LegacyTlsResult refused(String detail) {
        return new LegacyTlsResult(Outcome.REFUSED, null, null, detail, List.of());
    }

    public static LegacyTlsResult unknown(String detail) {
        return new LegacyTlsResult(Outcome.UNKNOWN, null, null, detail, List.of());
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
