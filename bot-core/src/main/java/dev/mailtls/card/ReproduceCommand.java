package dev.mailtls.card;

import dev.mailtls.target.Target;
import dev.mailtls.target.Transport;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The manual command that reproduces a probe, for people who want to see it with their own eyes:
 * {@code openssl s_client} for implicit TLS and STARTTLS, a CRLF-speaking netcat for plaintext.
 */
public final class ReproduceCommand {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:-]+");

    private ReproduceCommand() {}

    /**
     * The command for a target.
     *
     * @param sni the server name sent in the ClientHello; null sends none (as for an IP literal)
     */
    public static String of(Target target, @Nullable String sni) {
        String host = target.host();
        if (target.transport() == null
                || target.transport() == Transport.PLAIN
                || (target.transport() == Transport.STARTTLS && target.protocol() == null)) {
            // openssl cannot stay in plaintext; netcat-openbsd's -C sends CRLF line endings as mail
            // protocols require. With no known protocol, -starttls cannot be chosen: look at the greeting.
            return "nc -C " + quote(host) + " " + target.port();
        }
        StringBuilder b = new StringBuilder("openssl s_client -connect ").append(quote(target.hostPort()));
        if (sni != null && !sni.isEmpty()) {
            b.append(" -servername ").append(quote(sni));
        }
        if (target.transport() == Transport.STARTTLS) {
            // openssl's -starttls names are smtp, imap and pop3: the protocol ids.
            b.append(" -starttls ")
                    .append(Objects.requireNonNull(target.protocol()).id());
        }
        return b.toString();
    }

    /** The command with the SNI a client would send: the host name, none for an IP literal. */
    public static String of(Target target) {
        return of(target, target.hostIsIpLiteral() ? null : target.host());
    }

    private static String quote(String s) {
        return SHELL_SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
