package dev.mailtls.probe;

import java.util.Locale;

/** The steps of one probe, in order. Each is timed. */
public enum Phase {
    RESOLVE,
    CONNECT,
    GREETING,
    CAPABILITIES,
    STARTTLS,
    HANDSHAKE,
    POST_TLS_CAPABILITIES,
    AUTH,
    CLOSE,
    /** A further connection offering only TLS 1.0 and 1.1, to see whether the server still accepts them. */
    LEGACY_TLS,
    /** The deep enumeration's connections: every version and suite the server accepts. */
    DEEP_TLS;

    /** The camelCase key used in JSON and cards: resolve, postTlsCapabilities... */
    public String key() {
        String[] parts = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return b.toString();
    }
}
