package dev.mailtls.probe;

import dev.mailtls.internal.protocol.Dialect;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.tls.TlsHandshake;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The live conversation a step hands to the next: the resolved addresses, the socket, the session
 * on it, the dialect chosen from the greeting and the finished handshake. The connection is a
 * resource, not a finding: what the steps found travels separately, as {@link Facts}.
 */
record Link(
        List<InetAddress> addresses,
        @Nullable Socket socket,
        @Nullable Session session,
        @Nullable Dialect dialect,
        TlsHandshake.@Nullable Captured handshake) {

    Link {
        addresses = List.copyOf(addresses);
    }

    static Link to(List<InetAddress> addresses) {
        return new Link(addresses, null, null, null, null);
    }

    Link with(Socket s) {
        return new Link(addresses, s, session, dialect, handshake);
    }

    Link with(Session s) {
        return new Link(addresses, socket, s, dialect, handshake);
    }

    Link with(Dialect d) {
        return new Link(addresses, socket, session, d, handshake);
    }

    Link with(TlsHandshake.Captured c) {
        return new Link(addresses, socket, session, dialect, c);
    }

    /** The session; a step that needs one runs only after the step that opens it. */
    Session requireSession() {
        if (session == null) {
            throw new IllegalStateException("no session yet: the plan puts this step before the greeting");
        }
        return session;
    }

    Dialect requireDialect() {
        if (dialect == null) {
            throw new IllegalStateException("no dialect yet: the plan puts this step before the greeting");
        }
        return dialect;
    }

    Socket requireSocket() {
        if (socket == null) {
            throw new IllegalStateException("no connection yet: the plan puts this step before connect");
        }
        return socket;
    }

    /** Closes the conversation: the session's socket (TLS, once upgraded), then the connection. */
    void close() {
        if (session != null) {
            Connector.closeQuietly(session.socket());
        }
        Connector.closeQuietly(socket);
    }
}
