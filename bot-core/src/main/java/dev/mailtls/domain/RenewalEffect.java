package dev.mailtls.domain;

import java.util.Locale;

/**
 * What a certificate renewal does to a TLSA record, by the record's usage and selector. In the order of how long a record lasts, most durable first.
 */
public enum RenewalEffect {
    /** {@code 2 1 x}: pins the CA's public key. */
    ISSUER_KEY("survives leaf renewals, new key or not, while the CA keeps issuing from this key; a new CA or"
            + " intermediate key breaks it"),
    /** {@code 2 0 x}: pins the CA certificate. */
    ISSUER_CERTIFICATE("survives leaf renewals while the CA issues under this very certificate; a re-issued CA or"
            + " intermediate certificate breaks it, even with the same key"),
    /** {@code 3 1 x}: pins the server's public key. */
    LEAF_KEY("survives a renewal that keeps the key; a renewal with a new key breaks it unless the new"
            + " record is published first"),
    /** {@code 3 0 x}: pins the server's certificate. */
    LEAF_CERTIFICATE("breaks at every renewal, even one that keeps the key: the new record must be published before"
            + " each new certificate goes live"),
    /** A record SMTP does not use (usages 0 and 1, unknown fields): renewals do not matter to it. */
    NOT_USED("not used for SMTP, so a renewal changes nothing for it");

    private final String summary;

    RenewalEffect(String summary) {
        this.summary = summary;
    }

    /** {@code issuer_key}, {@code leaf_certificate}, ...: a stable identifier. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a renewal does, in plain words for the card. */
    public String summary() {
        return summary;
    }

    /** The effect of renewals on a record with these fields; {@link #NOT_USED} unless SMTP uses it. */
    public static RenewalEffect of(TlsaRecord record) {
        if (!TlsaCheck.usableFields(record)) {
            return NOT_USED;
        }
        boolean key = record.selector() == TlsaCheck.SELECTOR_SPKI;
        if (record.usage() == TlsaCheck.DANE_TA) {
            return key ? ISSUER_KEY : ISSUER_CERTIFICATE;
        }
        return key ? LEAF_KEY : LEAF_CERTIFICATE;
    }
}
