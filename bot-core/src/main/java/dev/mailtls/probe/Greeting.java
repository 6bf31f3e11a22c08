package dev.mailtls.probe;

import java.util.List;

/**
 * The server's complete greeting. {@code accepted} is false for a refusal (SMTP 421/554, POP3
 * -ERR, IMAP * BYE) or an answer that is not a greeting of the protocol at all.
 */
public record Greeting(List<String> lines, boolean accepted, long delayMs) {
    public Greeting {
        lines = List.copyOf(lines);
    }

    /** The lines joined with newlines. */
    public String text() {
        return String.join("\n", lines);
    }
}
