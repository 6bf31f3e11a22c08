package dev.mailtls.endpoint;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The language spoken on the connection. */
public enum Protocol {
    SMTP("SMTP", "smtp"),
    IMAP("IMAP", "imap"),
    POP3("POP3", "pop3");

    private final String displayName;
    private final String opensslName;

    Protocol(String displayName, String opensslName) {
        this.displayName = displayName;
        this.opensslName = opensslName;
    }

    /** The name people read: SMTP, IMAP, POP3. */
    public String displayName() {
        return displayName;
    }

    /** The name with its article, as a sentence needs it: "an SMTP", "an IMAP", "a POP3". */
    public String withArticle() {
        return (this == POP3 ? "a " : "an ") + displayName;
    }

    /** The lower-case word used in commands, JSON and {@code openssl s_client -starttls}. */
    public String id() {
        return opensslName;
    }

    /** Parses a command word (smtp, imap, pop3, pop) case-insensitively. */
    /** The words {@link #fromWord} knows besides each protocol's {@link #id}. */
    public static final List<String> ALIASES = List.of("esmtp", "submission", "imap4", "pop");

    public static Optional<Protocol> fromWord(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "smtp", "esmtp", "submission" -> Optional.of(SMTP);
            case "imap", "imap4" -> Optional.of(IMAP);
            case "pop3", "pop" -> Optional.of(POP3);
            default -> Optional.empty();
        };
    }
}
