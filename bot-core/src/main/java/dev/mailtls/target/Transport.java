package dev.mailtls.target;

import java.util.Locale;
import java.util.Optional;

/** How a connection is secured. */
public enum Transport {
    /** Implicit TLS: the handshake is the first thing on the connection (465, 993, 995). */
    TLS,
    /** A plaintext greeting, then an upgrade with STARTTLS (POP3: STLS). */
    STARTTLS,
    /** Never encrypted. */
    PLAIN;

    /** The lower-case word used in commands and JSON: tls, starttls, plain. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport a command word names, with its aliases; "auto" names none. */
    public static Optional<Transport> fromWord(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "tls", "ssl", "implicit", "smtps", "imaps", "pop3s", "pops" -> Optional.of(TLS);
            case "starttls", "stls" -> Optional.of(STARTTLS);
            case "plain", "none" -> Optional.of(PLAIN);
            default -> Optional.empty();
        };
    }
}
