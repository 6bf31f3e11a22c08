package dev.mailtls.probe;

import org.jspecify.annotations.Nullable;

/**
 * What happened to the STARTTLS (POP3: STLS) command. {@code offered} is whether the capability
 * list advertised it; the command is tried either way.
 *
 * @param reply the server's answer, null if there was none
 * @param injectedBytes bytes the server sent after its go-ahead and before the handshake, null when
 *     there were none. In TLS the client speaks first, so these are the server's (or a
 *     man-in-the-middle's) plaintext posing as the start of the encrypted session: the pattern of
 *     STARTTLS response injection (NO STARTTLS, 2021). Not CVE-2011-0411, which is the other
 *     direction: see {@link CommandInjectionCheck}.
 * @param commandInjection whether the server executes a command pipelined after STARTTLS
 *     (CVE-2011-0411), checked on a further connection for SMTP; null when not checked
 */
public record StartTlsOutcome(
        boolean offered,
        StartTlsOutcome.Answer answer,
        @Nullable String reply,
        @Nullable String injectedBytes,
        @Nullable CommandInjectionCheck commandInjection) {

    /** The server's answer to the command. */
    public enum Answer {
        ACCEPTED,
        REFUSED,
        NO_ANSWER
    }

    /** An outcome whose command injection was not checked. */
    public StartTlsOutcome(boolean offered, Answer answer, @Nullable String reply, @Nullable String injectedBytes) {
        this(offered, answer, reply, injectedBytes, null);
    }

    public StartTlsOutcome withCommandInjection(CommandInjectionCheck check) {
        return new StartTlsOutcome(offered, answer, reply, injectedBytes, check);
    }

    public boolean accepted() {
        return answer == Answer.ACCEPTED;
    }
}
