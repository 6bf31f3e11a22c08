package dev.mailtls.probe;

import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.text.HumanTime;
import dev.mailtls.internal.tls.TlsHandshake;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** The greeting over implicit TLS, on the socket the handshake step left. */
final class TlsGreetingStep implements Step {
    static final TlsGreetingStep INSTANCE = new TlsGreetingStep();

    private TlsGreetingStep() {}

    @Override
    public String name() {
        return Phase.GREETING.key();
    }

    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        TlsHandshake.Captured c = link.handshake();
        if (c == null || c.socket() == null) {
            throw new IllegalStateException("no TLS yet: the plan puts the TLS greeting before the handshake");
        }
        ProbeOptions options = probe.options();
        Session session;
        try {
            session = new Session(c.socket(), probe.transcript(), probe.deadline(), options.greetingTimeout());
        } catch (IOException e) {
            return Outcome.stop(Facts.NONE.with(probe.ioFailure(Phase.GREETING, e)), link);
        }
        Link on = link.with(session);
        long t0 = probe.now();
        // The wait actually in force: the greeting timeout, cut short by the deadline.
        Duration wait = Duration.ofMillis(probe.deadline().timeoutMillis(options.greetingTimeout()));
        String first;
        try {
            first = session.readLine(wait);
        } catch (SocketTimeoutException e) {
            return Outcome.stop(
                    Facts.NONE
                            .took(Phase.GREETING, probe.millisSince(t0))
                            .with(new Failure(
                                    Phase.GREETING,
                                    FailureCode.NO_GREETING,
                                    "TLS was established but the server sent no greeting within "
                                            + HumanTime.of(wait.toMillis()),
                                    null,
                                    wait)),
                    on);
        } catch (IOException e) {
            return Outcome.stop(Facts.NONE.with(probe.ioFailure(Phase.GREETING, e)), on);
        }
        Greeter.Greeted g = Greeter.greet(probe, session, first, t0);
        return g.dialect() == null ? Outcome.stop(g.found(), on) : Outcome.next(g.found(), on.with(g.dialect()));
    }
}
