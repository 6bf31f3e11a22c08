package dev.mailtls.domain;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import java.util.Locale;

/**
 * The mail-client services RFC 6186 (and RFC 8314 for the implicit-TLS ones) publish in SRV
 * records, each with the protocol and transport a client uses on the target it names.
 */
public enum ClientService {
    SUBMISSION(Protocol.SMTP, Transport.STARTTLS),
    SUBMISSIONS(Protocol.SMTP, Transport.TLS),
    IMAP(Protocol.IMAP, Transport.STARTTLS),
    IMAPS(Protocol.IMAP, Transport.TLS),
    POP3(Protocol.POP3, Transport.STARTTLS),
    POP3S(Protocol.POP3, Transport.TLS);

    private final Protocol protocol;
    private final Transport transport;

    ClientService(Protocol protocol, Transport transport) {
        this.protocol = protocol;
        this.transport = transport;
    }

    public Protocol protocol() {
        return protocol;
    }

    public Transport transport() {
        return transport;
    }

    /** {@code submissions}: the service's name in its SRV owner and in JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code _submissions._tcp.example.com}. */
    public String owner(String domain) {
        return "_" + id() + "._tcp." + domain;
    }
}
