package dev.mailtls.domain;

import java.util.Locale;

/**
 * What DNSSEC validation said about an answer, in the words internet.nl and danecheck use: {@code
 * secure} (signed, and the signatures chain up to a trust anchor), {@code insecure} (provably
 * unsigned: no DS on the way down, so no DANE), {@code bogus} (signed, but the signatures do not
 * validate: a validating resolver answers SERVFAIL and mail to the domain stops).
 */
public enum DnssecState {
    SECURE,
    INSECURE,
    BOGUS;

    /** {@code secure}, {@code insecure}, {@code bogus}: the JSON value. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
