package dev.mailtls.tls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a deep probe found: for each protocol version offered alone, whether the server accepts it
 * and every cipher suite it accepts there, with its preference and key exchange.
 *
 * @param versions SSLv3 to TLS 1.3, oldest first, each offered version once
 * @param unknown what could not be decided and why ("TLSv1.2 DHE suites: the server closed the
 *     connection without an alert, 3 tries"): never counted as "not accepted"
 * @param notes how a "no" was told when the server did not say it in TLS's words (Dovecot closes
 *     the connection without an alert when offered a version it refuses)
 * @param connections how many connections the enumeration made
 * @param millis how long it took
 */
public record TlsEnumeration(
        List<VersionSuites> versions, List<String> unknown, List<String> notes, int connections, long millis) {

    /** Without notes. */
    public TlsEnumeration(List<VersionSuites> versions, List<String> unknown, int connections, long millis) {
        this(versions, unknown, List.of(), connections, millis);
    }

    /** Whether the server accepts a version. */
    public enum Acceptance {
        YES,
        NO,
        /** Every offer of the version went unanswered (closed, timed out). */
        UNKNOWN
    }

    /**
     * One version.
     *
     * @param version {@code SSLv3}, {@code TLSv1}, {@code TLSv1.1}, {@code TLSv1.2}, {@code TLSv1.3}
     * @param suites the IANA names of the suites it accepts: in the server's order when it has one,
     *     else by their IANA code
     * @param serverPreference true when the server picks by its own order, false when it follows the
     *     client's, null when not known (fewer than two suites, or no clear answer)
     * @param groups the ECDHE curves or TLS 1.3 groups the server used, in the order seen
     * @param dhBits the sizes of the finite-field DH primes it used, smallest first
     */
    public record VersionSuites(
            String version,
            Acceptance accepted,
            List<String> suites,
            @Nullable Boolean serverPreference,
            List<String> groups,
            List<Integer> dhBits) {
        public VersionSuites {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(accepted, "accepted");
            suites = List.copyOf(suites);
            groups = List.copyOf(groups);
            dhBits = List.copyOf(dhBits);
        }
    }

    public TlsEnumeration {
        versions = List.copyOf(versions);
        unknown = List.copyOf(unknown);
        notes = List.copyOf(notes);
    }

    /** The accepted suites by version, for the versions that have any: the JSON's {@code tls.accepted}. */
    public Map<String, List<String>> accepted() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (VersionSuites v : versions) {
            if (v.accepted() == Acceptance.YES && !v.suites().isEmpty()) {
                out.put(v.version(), v.suites());
            }
        }
        return out;
    }

    /**
     * Whether the server chooses by its own order: true when it did for every version where that
     * could be told, false when it followed the client's order in any, null when no version told.
     */
    public @Nullable Boolean serverPreference() {
        Boolean all = null;
        for (VersionSuites v : versions) {
            if (v.serverPreference() == null) {
                continue;
            }
            if (!v.serverPreference()) {
                return false;
            }
            all = true;
        }
        return all;
    }
}
