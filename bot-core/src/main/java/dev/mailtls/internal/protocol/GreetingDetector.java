package dev.mailtls.internal.protocol;

import dev.mailtls.endpoint.Protocol;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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

    /**
     * What was expected and what the first line looks like, in one phrase to follow "the first line":
     * "is not an IMAP greeting: it looks like an SMTP greeting", "is not an SMTP greeting" (it looks
     * like no mail protocol), "is not a mail greeting" (none was expected in particular).
     */
    public static String mismatch(@Nullable Protocol expected, Optional<Protocol> seen) {
        String wanted = expected == null ? "a mail" : expected.withArticle();
        return "is not " + wanted + " greeting"
                + seen.map(p -> ": it looks like " + p.withArticle() + " greeting")
                        .orElse("");
    }
}
