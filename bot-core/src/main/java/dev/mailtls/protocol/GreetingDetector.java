package dev.mailtls.protocol;

import dev.mailtls.target.Protocol;
import java.util.Locale;
import java.util.Optional;

/** Tells the protocol from the first line a server sends. */
public final class GreetingDetector {
    private GreetingDetector() {}

    /** SMTP "220 ...", IMAP "* OK" / "* PREAUTH" / "* BYE", POP3 "+OK" / "-ERR". */
    public static Optional<Protocol> detect(String firstLine) {
        String l = firstLine.stripLeading().toUpperCase(Locale.ROOT);
        if (SmtpDialect.isReplyLine(l)) {
            return Optional.of(Protocol.SMTP);
        }
        String imap = ImapDialect.normalized(firstLine);
        if (imap.startsWith("* OK") || imap.startsWith("* PREAUTH") || imap.startsWith("* BYE")) {
            return Optional.of(Protocol.IMAP);
        }
        if (l.startsWith("+OK") || l.startsWith("-ERR")) {
            return Optional.of(Protocol.POP3);
        }
        return Optional.empty();
    }
}
