package dev.mailtls.domain;

import java.util.Locale;

/**
 * What DNSSEC validation said about an answer, in the words internet.nl and danecheck use: {@code
 * secure} (signed, and the signatures chain up to a trust anchor), {@code insecure} (provably
 * unsigned: no DS on the way down, so no DANE), {@code bogus} (signed, but the signatures do not
 * validate: a validating resolver answers SERVFAIL and mail to the domain stops), and {@code
 * indeterminate} (RFC 4033 §5: nothing could be validated, because the resolver asked does not pass
 * DNSSEC signatures through or its keys do not match the trust anchors; see {@link DnssecSupport}).
 */
public enum DnssecState {
    SECURE,
    INSECURE,
    BOGUS,
    INDETERMINATE;

    /** {@code secure}, {@code insecure}, {@code bogus}, {@code indeterminate}: the JSON value. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
