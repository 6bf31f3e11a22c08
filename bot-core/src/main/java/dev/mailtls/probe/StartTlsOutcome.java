package dev.mailtls.probe;

import org.jspecify.annotations.Nullable;

/**
 * What happened to the STARTTLS (POP3: STLS) command. {@code offered} is whether the capability
 * list advertised it; the command is tried either way.
 *
 * @param reply the server's answer, null if there was none
 * @param injectedBytes bytes the server sent after its go-ahead and before the handshake (the
 *     CVE-2011-0411 class of STARTTLS injection), null when there were none
 */
public record StartTlsOutcome(
        boolean offered,
        StartTlsOutcome.Answer answer,
        @Nullable String reply,
        @Nullable String injectedBytes) {

    /** The server's answer to the command. */
    public enum Answer {
        ACCEPTED,
        REFUSED,
        NO_ANSWER
    }

    public boolean accepted() {
        return answer == Answer.ACCEPTED;
    }
}
