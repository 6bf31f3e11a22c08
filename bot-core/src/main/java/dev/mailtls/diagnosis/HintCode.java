package dev.mailtls.diagnosis;

/** Stable hint codes. They appear in JSON and runbooks depend on them: never rename one. */
public enum HintCode {
    // resolve and connect
    DNS_NOT_FOUND,
    DNS_FAILED,
    CONNECT_REFUSED,
    CONNECT_TIMEOUT,
    CONNECT_UNREACHABLE,
    CONNECT_FAILED,
    ADDRESS_DENIED,
    // greeting
    NO_GREETING,
    SERVICE_REFUSED,
    SLOW_GREETING,
    UNEXPECTED_GREETING,
    /** A greeting in the right protocol that never reaches its last line (endless SMTP 220- lines). */
    ENDLESS_GREETING,
    PROTOCOL_ERROR,
    DEADLINE_EXCEEDED,
    /** A failure no more specific rule explains; never leaves a failed probe without an error. */
    PROBE_FAILED,
    PLAINTEXT_ON_TLS_PORT,
    TLS_ON_PLAINTEXT_PORT,
    // STARTTLS
    STARTTLS_OK,
    STARTTLS_NOT_OFFERED,
    STARTTLS_NOT_ADVERTISED_BUT_WORKS,
    STARTTLS_REFUSED,
    /** Bytes from the server between its go-ahead and the handshake (response injection; not CVE-2011-0411). */
    STARTTLS_INJECTION,
    /** The server executes a command pipelined after STARTTLS inside TLS (CVE-2011-0411). */
    STARTTLS_COMMAND_INJECTION,
    PLAINTEXT_ONLY,
    IMPLICIT_TLS_OK,
    IMPLICIT_TLS_AVAILABLE,
    // handshake and TLS parameters
    HANDSHAKE_FAILED,
    TLS_LEGACY_VERSION,
    /** The server speaks only TLS 1.1 or older: found on further connections, shown from mailtls's own handshake. */
    TLS_LEGACY_ONLY,
    /** The TLS 1.0/1.1 check got no answer either way (timeout, broken connection): not "refused". */
    TLS_LEGACY_UNKNOWN,
    TLS_WEAK_CIPHER,
    TLS_NO_FORWARD_SECRECY,
    /** A deep probe found anonymous (aNULL) suites: info on port 25 (RFC 7435), an error where clients log in. */
    TLS_ANON_CIPHERS,
    /** A deep probe found a finite-field DH group under 2048 bits. */
    TLS_WEAK_DH,
    /** A deep probe found every accepted suite forward-secret and strong. */
    TLS_SUITES_OK,
    // certificate
    CERT_OK,
    CERT_EXPIRED,
    CERT_NOT_YET_VALID,
    CERT_EXPIRING,
    CERT_EXPIRING_SOON,
    CERT_SELF_SIGNED,
    CERT_UNTRUSTED,
    CERT_CHAIN_INCOMPLETE,
    CERT_HOSTNAME_MISMATCH,
    CERT_HOSTNAME_CN_ONLY,
    CERT_SHA1_SIGNATURE,
    CERT_WEAK_KEY,
    /** The chain or leaf is larger than clients accept (JDK: 32 KiB handshake messages, 10 certificates). */
    CERT_CHAIN_TOO_LARGE,
    // capabilities and login policy
    AUTH_BEFORE_TLS,
    LOGIN_DISABLED_BEFORE_TLS,
    LOGIN_REQUIRES_STARTTLS,
    APP_PASSWORD_REQUIRED,
    WEB_LOGIN_REQUIRED,
    SMTP_AUTH_DISABLED_TENANT,
    PLAINTEXT_AUTH_DISALLOWED,
    AUTH_INVALID_CREDENTIALS,
    AUTH_ACCEPTED,
    AUTH_NOT_OFFERED,
    AUTH_SKIPPED_PLAINTEXT,
    AUTH_SKIPPED_UNTRUSTED,
    AUTH_FAILED,
    /** The auth probe got neither an acceptance nor a plain credentials failure. */
    AUTH_UNEXPECTED_REPLY,
    // domain checks (mailtls domain)
    /** The domain does not exist in DNS (NXDOMAIN): mail to it bounces. */
    DOMAIN_NOT_FOUND,
    /** The MX question got no usable answer: a timeout, SERVFAIL, or a bogus DNSSEC signature. */
    DOMAIN_DNS_FAILED,
    /** {@code MX 0 .} (RFC 7505): the domain says it accepts no mail. */
    NULL_MX,
    /** No MX record: senders fall back to the domain's own addresses (RFC 5321 §5.1). */
    IMPLICIT_MX,
    /** An MX host with no A or AAAA record: senders cannot reach it. */
    MX_NO_ADDRESS,
    /** The addresses of one MX host answer differently (one offers STARTTLS, another not; other certificates). */
    MX_ADDRESSES_DISAGREE,
    /** Some MX addresses were not probed: the check's deadline, a throttle, or the per-host limit. */
    MX_NOT_PROBED,
    /** A valid MTA-STS record and policy that cover every MX, whose certificates senders accept. */
    MTA_STS_OK,
    /** No MTA-STS record: senders may deliver in plaintext when STARTTLS is stripped. */
    MTA_STS_MISSING,
    /** The {@code _mta-sts} TXT record is not valid: senders apply no policy. */
    MTA_STS_RECORD_INVALID,
    /** The policy file does not parse: senders apply no policy (or keep a cached one). */
    MTA_STS_POLICY_INVALID,
    /** The record promises a policy that could not be fetched over HTTPS. */
    MTA_STS_FETCH_FAILED,
    /** mailtls's own connection limits held the policy fetch back: nothing is known about the policy. */
    MTA_STS_NOT_FETCHED,
    /** An MX host no {@code mx:} pattern of the policy covers: under enforce, senders do not deliver to it. */
    MTA_STS_MX_NOT_COVERED,
    /** Under enforce, an MX presents a certificate senders refuse (untrusted, another name, no STARTTLS). */
    MTA_STS_CERT_INVALID,
    /** No TLS-RPT record: nobody hears about the TLS failures senders meet. */
    TLSRPT_MISSING,
    /** The {@code _smtp._tls} record is not valid: senders send no reports. */
    TLSRPT_INVALID,
    /** A client service's SRV target (RFC 6186) has no address. */
    SRV_TARGET_NO_ADDRESS,
    /** A protocol's client service is published only with STARTTLS, not implicit TLS (RFC 8314). */
    SRV_STARTTLS_ONLY,
    /** DNSSEC-signed TLSA records match the certificate every address of the MX presented. */
    DANE_OK,
    /** DNSSEC-signed TLSA records that match no certificate the MX presented: DANE senders defer mail. */
    DANE_TLSA_MISMATCH,
    /** TLSA records in a zone DNSSEC does not sign: senders ignore them, there is no DANE. */
    DANE_INSECURE,
    /** The TLSA answer fails DNSSEC validation: validating senders defer mail to this MX. */
    DANE_BOGUS,
    /**
     * The resolver the check asks does not pass DNSSEC signatures (or its keys do not match the trust
     * anchors): every DNSSEC verdict is indeterminate and DANE is not judged.
     */
    DNSSEC_UNAVAILABLE;
}
