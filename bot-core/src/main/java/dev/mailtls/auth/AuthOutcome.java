package dev.mailtls.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The optional auth probe. Client values are always shown as {@code <redacted>} in {@code
 * exchange}; server prompts are shown decoded.
 *
 * @param mechanism the mechanism used (LOGIN, PLAIN, USER/PASS, IMAP LOGIN), null if none was tried
 * @param exchange human-readable steps, e.g. {@code AUTH LOGIN → 334 Username:}
 * @param finalReply the server's last answer, which decides the verdict
 */
public record AuthOutcome(
        AuthOutcome.Verdict verdict,
        @Nullable String mechanism,
        List<String> exchange,
        @Nullable String finalReply,
        boolean realCredentials) {

    public AuthOutcome {
        exchange = List.copyOf(exchange);
    }

    /** How the auth probe ended. */
    public enum Verdict {
        /** The server rejected the credentials: the expected, healthy answer to invalid ones. */
        REJECTED,
        /** The server accepted the credentials (only possible with real ones). */
        ACCEPTED,
        /** The server advertised no mechanism the probe can use. */
        NOT_OFFERED,
        /** Not attempted: the channel was not encrypted and plaintext auth was not forced. */
        SKIPPED_PLAINTEXT,
        /**
         * Not attempted: real credentials were given, but the certificate is not trusted or does not
         * name the host (or the STARTTLS exchange was tampered with), so a man in the middle could
         * read them.
         */
        SKIPPED_UNTRUSTED,
        /** The server answered something unexpected or the connection broke. */
        ERROR
    }
}
