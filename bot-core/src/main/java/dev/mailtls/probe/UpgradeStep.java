package dev.mailtls.probe;

import dev.mailtls.internal.protocol.Session;
import java.io.IOException;

/** STARTTLS after the go-ahead: the handshake on the session's socket, and the session moves onto TLS. */
final class UpgradeStep implements Step {
    static final UpgradeStep INSTANCE = new UpgradeStep();

    private UpgradeStep() {}

    @Override
    public String name() {
        return Phase.HANDSHAKE.key();
    }

    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        Session session = link.requireSession();
        TlsPhase.Handshake h = probe.tls().handshake(probe, session.socket(), probe.deadline());
        if (!h.captured().ok()) {
            // After a go-ahead, plaintext met by the handshake is the server's, not the port's, mode.
            Facts why = HandshakeFailure.diagnose(probe, known.merge(h.found()), link, h.captured(), false);
            return Outcome.stop(h.found().merge(why), link);
        }
        try {
            // RFC 3207 §4.2: everything learned before TLS is discarded; the session starts over.
            session.attach(h.captured().socket());
            return Outcome.next(h.found(), link.with(h.captured()));
        } catch (IOException e) {
            return Outcome.stop(h.found().with(probe.ioFailure(Phase.HANDSHAKE, e)), link);
        }
    }
}
