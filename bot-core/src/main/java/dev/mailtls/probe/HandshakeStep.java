package dev.mailtls.probe;

import java.net.Socket;

/** Implicit TLS: the handshake is the connection's first word. */
final class HandshakeStep implements Step {
    static final HandshakeStep INSTANCE = new HandshakeStep();

    private HandshakeStep() {}

    @Override
    public String name() {
        return Phase.HANDSHAKE.key();
    }

    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        Socket sock = link.requireSocket();
        TlsPhase.Handshake h = probe.tls().handshake(probe, sock, probe.deadline());
        if (h.captured().ok()) {
            return Outcome.next(h.found(), link.with(h.captured()));
        }
        Connector.closeQuietly(sock);
        Facts why = HandshakeFailure.diagnose(probe, known.merge(h.found()), link, h.captured(), true);
        return Outcome.stop(h.found().merge(why), link);
    }
}
