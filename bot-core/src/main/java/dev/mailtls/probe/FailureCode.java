package dev.mailtls.probe;

/** Why a probe stopped early. Stable codes: they appear in JSON and drive the diagnosis. */
public enum FailureCode {
    DNS_NOT_FOUND("the name does not resolve"),
    DNS_ERROR("the name could not be resolved"),
    CONNECT_REFUSED("connection refused"),
    CONNECT_TIMEOUT("connection timed out"),
    CONNECT_UNREACHABLE("network or host unreachable"),
    CONNECT_ERROR("connection failed"),
    ADDRESS_DENIED("the address policy refuses this target"),
    CONNECT_THROTTLED("mailtls has connected to this address often just now"),
    NO_GREETING("no greeting"),
    SERVICE_REFUSED("the service refused the session"),
    UNEXPECTED_REPLY("unexpected reply"),
    LINE_TOO_LONG("a line from the server was too long"),
    TOO_MANY_LINES("a reply from the server had too many lines"),
    CONNECTION_CLOSED("the server closed the connection"),
    READ_TIMEOUT("the server stopped answering"),
    DEADLINE_EXCEEDED("the probe ran out of time"),
    STARTTLS_NOT_OFFERED("STARTTLS is not offered"),
    STARTTLS_REFUSED("STARTTLS was refused"),
    PLAINTEXT_ON_TLS_PORT("the port speaks plaintext, not implicit TLS"),
    TLS_ON_PLAINTEXT_PORT("the port speaks implicit TLS, not plaintext"),
    HANDSHAKE_FAILED("the TLS handshake failed"),
    TLS_LEGACY_ONLY("the server speaks only TLS 1.1 or older, which current clients refuse"),
    CERT_CHAIN_TOO_LARGE("the server's certificates are too large for common TLS clients"),
    IO_ERROR("input/output error");

    private final String meaning;

    FailureCode(String meaning) {
        this.meaning = meaning;
    }

    /** What the code means, in a few words. */
    public String meaning() {
        return meaning;
    }
}
