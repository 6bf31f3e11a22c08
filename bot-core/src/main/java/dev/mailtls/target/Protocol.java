package dev.mailtls.target;

import java.util.Locale;
import java.util.Optional;

/** The language spoken on the connection. */
public enum Protocol {
    SMTP("SMTP"),
    IMAP("IMAP"),
    POP3("POP3");

    private final String displayName;

    Protocol(String displayName) {
        this.displayName = displayName;
    }

    /** The lower-case word used in commands and JSON: smtp, imap, pop3. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name people write: SMTP, IMAP, POP3. */
    public String displayName() {
        return displayName;
    }

    /** The protocol a command word names (smtp, imap, pop3, pop), if any. */
    public static Optional<Protocol> fromWord(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "smtp" -> Optional.of(SMTP);
            case "imap" -> Optional.of(IMAP);
            case "pop3", "pop" -> Optional.of(POP3);
            default -> Optional.empty();
        };
    }
}
