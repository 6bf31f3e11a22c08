package dev.mailtls.target;

import java.util.Locale;
import java.util.Optional;

/** The ports and host names that imply a protocol and transport (RFC 8314 for the defaults). */
public final class WellKnownPorts {
    private WellKnownPorts() {}

    public static Optional<Protocol> protocolOf(int port) {
        return switch (port) {
            case 25, 465, 587, 2525 -> Optional.of(Protocol.SMTP);
            case 143, 993 -> Optional.of(Protocol.IMAP);
            case 110, 995 -> Optional.of(Protocol.POP3);
            default -> Optional.empty();
        };
    }

    public static Optional<Transport> transportOf(int port) {
        return switch (port) {
            case 465, 993, 995 -> Optional.of(Transport.TLS);
            case 25, 587, 2525, 143, 110 -> Optional.of(Transport.STARTTLS);
            default -> Optional.empty();
        };
    }

    /** smtp./mail-submission names give SMTP, imap. gives IMAP, pop./pop3. give POP3. */
    public static Optional<Protocol> protocolOfHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("smtp.") || h.startsWith("smtp-")) {
            return Optional.of(Protocol.SMTP);
        }
        if (h.startsWith("imap.") || h.startsWith("imap-")) {
            return Optional.of(Protocol.IMAP);
        }
        if (h.startsWith("pop.") || h.startsWith("pop3.") || h.startsWith("pop-")) {
            return Optional.of(Protocol.POP3);
        }
        return Optional.empty();
    }

    /** The usual port of a protocol over a transport: 465/587/25, 993/143, 995/110. */
    public static int defaultPort(Protocol protocol, Transport transport) {
        return switch (protocol) {
            case SMTP -> transport == Transport.TLS ? 465 : transport == Transport.STARTTLS ? 587 : 25;
            case IMAP -> transport == Transport.TLS ? 993 : 143;
            case POP3 -> transport == Transport.TLS ? 995 : 110;
        };
    }
}
