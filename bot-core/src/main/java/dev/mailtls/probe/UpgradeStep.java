package dev.mailtls.probe;

import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.tls.PreTlsBytes;
import java.io.IOException;
import java.net.Socket;

/**
 * STARTTLS after the go-ahead: the handshake on the session's socket, and the session moves onto
 * TLS. Bytes the server sends before its ServerHello are set aside as the handshake reads and added
 * to the STARTTLS finding (response injection), so the ClientHello goes out at once.
 */
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
        Socket raw = session.socket();
        PreTlsBytes filter;
        try {
            filter = PreTlsBytes.over(raw);
        } catch (IOException e) {
            return Outcome.stop(Facts.NONE.with(probe.ioFailure(Phase.HANDSHAKE, e)), link);
        }
        TlsPhase.Handshake h = probe.tls().handshake(probe, filter.socket(), probe.deadline());
        Facts found = h.found().merge(injected(probe, known, filter.setAside()));
        if (!h.captured().ok()) {
            // After a go-ahead, plaintext met by the handshake is the server's, not the port's, mode.
            Facts why = HandshakeFailure.diagnose(probe, known.merge(found), link, h.captured(), false);
            return Outcome.stop(found.merge(why), link);
        }
        try {
            // RFC 3207 §4.2: everything learned before TLS is discarded; the session starts over.
            session.attach(h.captured().socket());
            return Outcome.next(found, link.with(h.captured()));
        } catch (IOException e) {
            return Outcome.stop(found.with(probe.ioFailure(Phase.HANDSHAKE, e)), link);
        }
    }

    /** The STARTTLS finding with the bytes set aside before the ServerHello; nothing when there were none. */
    private static Facts injected(ProbeContext probe, Facts known, byte @org.jspecify.annotations.Nullable [] late) {
        StartTlsOutcome st = known.starttls();
        if (late == null || st == null) {
            return Facts.NONE;
        }
        String all = StartTlsInjection.with(st.injectedBytes(), late);
        probe.transcript()
                .note("the server sent bytes after its go-ahead, before its TLS ServerHello: "
                        + StartTlsInjection.with(null, late));
        return Facts.NONE.with(new StartTlsOutcome(st.offered(), st.answer(), st.reply(), all, st.commandInjection()));
    }
}
