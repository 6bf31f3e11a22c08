package dev.mailtls.probe;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether an SMTP server executes, inside TLS, a command the client pipelined in plaintext right
 * after STARTTLS: CVE-2011-0411 (Postfix, 2011) and its kin (CVE-2021-33515 in Dovecot's
 * submission service), the "command injection" of the 2021 NO STARTTLS study. A man-in-the-middle
 * who appends a command to the client's plaintext STARTTLS gets it run as if the client had sent
 * it over TLS. RFC 3207 §4.2 has the server discard what it learned before TLS; a server that
 * keeps its buffered input does not.
 *
 * @param outcome executed, discarded, or unknown
 * @param detail what happened, in words
 */
public record CommandInjectionCheck(Outcome outcome, String detail) {

    /** What became of the pipelined command. */
    public enum Outcome {
        /** The server answered the pipelined command over TLS: vulnerable. */
        EXECUTED,
        /** The server discarded it (or refused the pipelined STARTTLS): as RFC 3207 asks. */
        DISCARDED,
        /** The check could not tell (no second connection, a failed handshake, no answer). */
        UNKNOWN;

        /** The JSON name. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CommandInjectionCheck {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
