package dev.mailtls.endpoint;

import java.util.Optional;

/** What a well-known mail port implies, and what a host name prefix suggests. */
public final class WellKnownPorts {
    private WellKnownPorts() {}

    /** The protocol a well-known port speaks, if it is one. */
    public static Optional<Protocol> protocolOf(int port) {
        return switch (port) {
            case 25, 465, 587, 2525 -> Optional.of(Protocol.SMTP);
            case 143, 993 -> Optional.of(Protocol.IMAP);
            case 110, 995 -> Optional.of(Protocol.POP3);
            default -> Optional.empty();
        };
    }

    /** The transport a well-known port implies (RFC 8314 for 465/993/995). */
    public static Optional<Transport> transportOf(int port) {
        return switch (port) {
            case 465, 993, 995 -> Optional.of(Transport.TLS);
            case 25, 587, 2525, 143, 110 -> Optional.of(Transport.STARTTLS);
            default -> Optional.empty();
        };
    }

    /** The protocol a host name prefix suggests: smtp., mail. is not a hint; imap., pop., pop3. are. */
    public static Optional<Protocol> protocolOfHost(String host) {
        String h = Target.normaliseHost(host);
        if (h.startsWith("smtp.") || h.startsWith("smtps.") || h.startsWith("mx.") || h.startsWith("submission.")) {
            return Optional.of(Protocol.SMTP);
        }
        if (h.startsWith("imap.") || h.startsWith("imaps.")) {
            return Optional.of(Protocol.IMAP);
        }
        if (h.startsWith("pop.") || h.startsWith("pop3.") || h.startsWith("pop3s.")) {
            return Optional.of(Protocol.POP3);
        }
        return Optional.empty();
    }

    /** The usual port of a protocol over a transport: SMTP/STARTTLS 587, IMAP/TLS 993... */
    public static int defaultPort(Protocol protocol, Transport transport) {
        return switch (protocol) {
            case SMTP -> transport == Transport.TLS ? 465 : transport == Transport.PLAIN ? 25 : 587;
            case IMAP -> transport == Transport.TLS ? 993 : 143;
            case POP3 -> transport == Transport.TLS ? 995 : 110;
        };
    }

    /** The implicit-TLS port that gives the same service as a STARTTLS one (RFC 8314), if any. */
    public static Optional<Integer> implicitTlsCounterpart(Protocol protocol) {
        return Optional.of(defaultPort(protocol, Transport.TLS));
    }
}
