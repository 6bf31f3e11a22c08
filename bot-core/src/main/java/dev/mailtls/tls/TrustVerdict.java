package dev.mailtls.tls;

/**
 * Whether the peer chain builds to a trusted root (PKIX, the JDK trust store plus an optional
 * extra CA file), judged separately from the handshake so an untrusted chain is still shown.
 */
public record TrustVerdict(boolean trusted, Problem problem, String reason) {

    /** Why a chain is not trusted, as a stable code. */
    public enum Problem {
        NONE,
        EXPIRED,
        NOT_YET_VALID,
        SELF_SIGNED,
        /** The chain stops at a certificate whose issuer the server did not send and no store holds. */
        INCOMPLETE_CHAIN,
        UNTRUSTED_ROOT,
        NO_CERTIFICATE,
        OTHER
    }

    public static TrustVerdict trusted(String reason) {
        return new TrustVerdict(true, Problem.NONE, reason);
    }

    public static TrustVerdict untrusted(Problem problem, String reason) {
        return new TrustVerdict(false, problem, reason);
    }
}
