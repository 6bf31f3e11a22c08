package dev.mailtls.internal.protocol;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Protocol;
import java.io.IOException;
import java.util.List;

/** How one mail protocol greets, lists capabilities, upgrades to TLS, logs in and says goodbye. */
public sealed interface Dialect permits SmtpDialect, ImapDialect, Pop3Dialect {

    Protocol protocol();

    /** Reads the rest of the greeting whose first line was already read. */
    Reply readGreeting(Session s, String firstLine) throws IOException;

    /** Asks for capabilities (EHLO, CAPABILITY, CAPA); an empty list when the server refuses. */
    List<String> capabilities(Session s) throws IOException;

    /** Whether the capabilities advertise the upgrade (STARTTLS; POP3 overrides it with STLS). */
    default boolean advertisesStartTls(List<String> capabilities) {
        return hasCapability(capabilities, "STARTTLS");
    }

    /** Sends STARTTLS (POP3: STLS) and reads the answer. */
    Reply startTls(Session s) throws IOException;

    /** Whether an answer to STARTTLS is the go-ahead for the handshake (IMAP OK, POP3 +OK). */
    default boolean startTlsGoAhead(Reply answer) {
        return answer.positive();
    }

    /**
     * Tries to log in with the given credentials, using a mechanism the server advertised. Client
     * values appear only as {@code <redacted>}.
     */
    AuthOutcome authProbe(Session s, List<String> capabilities, Credentials credentials, boolean realCredentials)
            throws IOException;

    /** QUIT / LOGOUT, best effort: never throws. */
    void quit(Session s);

    /** The dialect for a protocol. */
    static Dialect of(Protocol protocol, String ehloName) {
        return switch (protocol) {
            case SMTP -> new SmtpDialect(ehloName);
            case IMAP -> new ImapDialect();
            case POP3 -> new Pop3Dialect();
        };
    }

    /** True when a capability list names {@code keyword} as a whole word (case-insensitive). */
    static boolean hasCapability(List<String> capabilities, String keyword) {
        for (String c : capabilities) {
            String first = c.trim().split("[ =]", 2)[0];
            if (first.equalsIgnoreCase(keyword)) {
                return true;
            }
        }
        return false;
    }
}
