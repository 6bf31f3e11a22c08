package dev.mailtls.domain;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether the resolver a check asks can support DNSSEC validation: asked for the DNSKEY records of
 * a trust anchor's zone (the root's, unless {@code --dnssec-anchor} names others) with the DO bit,
 * did it send them signed, and do the signatures validate against the anchors? When not, no answer
 * of the check can be validated, and every DNSSEC verdict is {@link DnssecState#INDETERMINATE}
 * rather than a false {@code bogus}.
 *
 * @param resolver the resolver in words ({@code the resolver 127.0.0.1:53}, {@code the system
 *     resolver 192.168.1.1:53})
 * @param problem what the resolver did, in words; null when it validates
 */
public record DnssecSupport(
        Verdict verdict, String resolver, @Nullable String problem) {

    /** What the anchor's DNSKEY question showed. */
    public enum Verdict {
        /** The DNSKEY records came signed and validate against the anchors: every verdict stands. */
        VALIDATES,
        /**
         * The resolver does not pass DNSSEC through: it strips RRSIG or DNSKEY records, ignores the
         * DO bit, or answers the DNSKEY question with NXDOMAIN, SERVFAIL or REFUSED.
         */
        NO_SIGNATURES,
        /** Signed DNSKEY records came, but they do not validate against the trust anchors. */
        NOT_ANCHORED,
        /** The question got no answer in time: validation goes ahead as usual, nothing is assumed. */
        NO_ANSWER
    }

    public DnssecSupport {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(resolver, "resolver");
        if (verdict != Verdict.VALIDATES && problem == null) {
            throw new IllegalArgumentException("a resolver that does not validate says why: " + verdict);
        }
    }

    /** The resolver validates (or, for a test zone, its verdicts are taken as they are). */
    public static DnssecSupport validates(String resolver) {
        return new DnssecSupport(Verdict.VALIDATES, resolver, null);
    }

    /** True when no DNSSEC verdict of a check through this resolver means anything. */
    public boolean indeterminate() {
        return verdict == Verdict.NO_SIGNATURES || verdict == Verdict.NOT_ANCHORED;
    }
}
