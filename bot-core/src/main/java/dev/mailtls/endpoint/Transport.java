package dev.mailtls.endpoint;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a connection is secured: implicit TLS, a STARTTLS upgrade, or never. */
public enum Transport {
    /** Implicit TLS from the first byte (465, 993, 995). */
    TLS("tls", "implicit TLS"),
    /** Plaintext greeting, then an upgrade with STARTTLS (POP3: STLS) (25, 587, 143, 110). */
    STARTTLS("starttls", "STARTTLS"),
    /** Never encrypted. */
    PLAIN("plain", "plaintext");

    private final String id;
    private final String displayName;

    Transport(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /**
     * Parses a command word, with the aliases people use: ssl, implicit, smtps, imaps, pop3s for
     * {@link #TLS}; none for {@link #PLAIN}. {@code auto} is not a transport: callers treat it as
     * "infer".
     */
    /** The words {@link #fromWord} knows besides each transport's {@link #id}, in the order people reach for them. */
    public static final List<String> ALIASES =
            List.of("ssl", "implicit", "smtps", "imaps", "pop3s", "pops", "stls", "none", "plaintext", "cleartext");

    public static Optional<Transport> fromWord(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "tls", "ssl", "implicit", "smtps", "imaps", "pop3s", "pops" -> Optional.of(TLS);
            case "starttls", "stls" -> Optional.of(STARTTLS);
            case "plain", "none", "plaintext", "cleartext" -> Optional.of(PLAIN);
            default -> Optional.empty();
        };
    }
}
