package dev.mailtls.summary;

import java.util.Objects;

/**
 * One thing that changed for a target since the previous run.
 *
 * @param target the target as configured
 * @param kind what changed
 * @param detail a short, plain description: "TLSv1.2 → TLSv1.3", "new hint CERT_EXPIRING"
 */
public record Change(String target, Kind kind, String detail) {

    /** Kinds, in the order a summary lists them (most urgent first). */
    public enum Kind {
        /** The target failed and did not before. */
        NEW_FAILURE,
        /** STARTTLS was offered before and is not now. */
        STARTTLS_DISAPPEARED,
        /** A warning or error hint that the previous run did not have. */
        NEW_HINT,
        /** A domain's MX host is gone. */
        MX_REMOVED,
        /** A domain has a new MX host. */
        MX_ADDED,
        /** A domain's MX host changed its preference or addresses, or the domain its kind of MX. */
        MX_CHANGED,
        /** A domain's MTA-STS record or policy changed. */
        MTA_STS_CHANGED,
        /** An MX host's TLSA records changed. */
        TLSA_CHANGED,
        /** An MX host's DNSSEC state changed (secure, insecure, bogus). */
        DNSSEC_CHANGED,
        /** The negotiated TLS version changed. */
        TLS_VERSION_CHANGED,
        /** The negotiated cipher suite changed. */
        CIPHER_CHANGED,
        /** A new certificate with the same subject and a later expiry. */
        CERT_RENEWED,
        /** A different certificate (another subject, or an earlier expiry). */
        CERT_REPLACED,
        /** A domain's TLS-RPT record changed. */
        TLSRPT_CHANGED,
        /** A domain's client services (SRV records) changed. */
        SRV_CHANGED,
        /** The target failed before and does not now. */
        RECOVERED,
        /** The target is new to the group (no previous run had it). */
        NEW_TARGET
    }

    /** The kind in two or three words, for a row with many changes: "MX added", "TLSA changed". */
    public String label() {
        return switch (kind) {
            case NEW_FAILURE -> "now failing";
            case STARTTLS_DISAPPEARED -> "STARTTLS gone";
            case NEW_HINT -> "new hints";
            case MX_REMOVED -> "MX removed";
            case MX_ADDED -> "MX added";
            case MX_CHANGED -> "MX changed";
            case MTA_STS_CHANGED -> "MTA-STS changed";
            case TLSA_CHANGED -> "TLSA changed";
            case DNSSEC_CHANGED -> "DNSSEC changed";
            case TLS_VERSION_CHANGED -> "TLS version changed";
            case CIPHER_CHANGED -> "cipher changed";
            case CERT_RENEWED -> "certificate renewed";
            case CERT_REPLACED -> "certificate replaced";
            case TLSRPT_CHANGED -> "TLS-RPT changed";
            case SRV_CHANGED -> "client services changed";
            case RECOVERED -> "recovered";
            case NEW_TARGET -> "new";
        };
    }

    public Change {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
