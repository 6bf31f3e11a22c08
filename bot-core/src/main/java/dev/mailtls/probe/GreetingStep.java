package dev.mailtls.probe;

import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.net.Printable;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The plaintext greeting (STARTTLS, plain, "auto"). A port that stays silent is not yet called
 * unresponsive: the plan turns to {@link ModeCheckStep}, which looks whether it speaks implicit TLS.
 */
final class GreetingStep implements Step {
    static final GreetingStep INSTANCE = new GreetingStep();

    /** For "auto" on an unknown port: how long to wait for a plaintext greeting before trying TLS. */
    private static final Duration AUTO_GREETING_WAIT = Duration.ofSeconds(4);

    private GreetingStep() {}

    @Override
    public String name() {
        return Phase.GREETING.key();
    }

    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        Socket sock = link.requireSocket();
        ProbeOptions options = probe.options();
        Session session;
        try {
            session = new Session(sock, probe.transcript(), probe.deadline(), options.greetingTimeout());
        } catch (IOException e) {
            return Outcome.stop(Facts.NONE.with(probe.ioFailure(Phase.CONNECT, e)), link);
        }
        Deadline deadline = probe.deadline();
        Duration wait = probe.requested() == null
                ? ProbeFlow.min(AUTO_GREETING_WAIT, options.greetingTimeout())
                : options.greetingTimeout();
        // Keep time for the look at whether a silent port speaks implicit TLS, even on a short deadline.
        Duration left = deadline.remaining();
        wait = ProbeFlow.min(wait, left.minus(ProbeFlow.min(ModeCheckStep.BUDGET, left.dividedBy(3))));
        long t0 = probe.now();
        String first;
        try {
            first = session.readLine(wait);
        } catch (SocketTimeoutException e) {
            Facts found = Facts.NONE.took(Phase.GREETING, probe.millisSince(t0));
            Connector.closeQuietly(sock);
            String partial = session.partialLine();
            if (!partial.isEmpty()) {
                return Outcome.stop(found.merge(stalled(probe, partial, t0)), link.with(session));
            }
            return Outcome.then(found, Link.to(link.addresses()), Plan.modeCheck(wait));
        } catch (IOException e) {
            Facts found = Facts.NONE.took(Phase.GREETING, probe.millisSince(t0));
            Failure failure = probe.ioFailure(Phase.GREETING, e);
            String partial = session.partialLine();
            if (!partial.isEmpty() && failure.evidence() == null) {
                failure = failure.withEvidence("received so far: " + Printable.of(partial, 200));
            }
            Connector.closeQuietly(sock);
            return Outcome.stop(found.with(failure), link.with(session));
        }
        // "auto": a plaintext first line means the port speaks plaintext (STARTTLS, if offered, comes later).
        Facts found = probe.requested() == null ? Facts.NONE.with(Transport.PLAIN) : Facts.NONE;
        Greeter.Greeted g = Greeter.greet(probe, session, first, t0);
        found = found.merge(g.found());
        if (g.dialect() == null) {
            Connector.closeQuietly(sock);
            return Outcome.stop(found, link.with(session));
        }
        return Outcome.next(found, link.with(session).with(g.dialect()));
    }

    /** The greeting started but stopped coming: a tarpit, or a server stuck mid-line. */
    private static Facts stalled(ProbeContext probe, String partial, long t0) {
        long ms = probe.millisSince(t0);
        return Facts.failed(
                Phase.GREETING,
                FailureCode.READ_TIMEOUT,
                "the server began its greeting but stalled: " + partial.length() + " bytes in " + ms
                        + " ms and no end of line (a tarpit, or a server that hangs mid-greeting)",
                "received so far: " + Printable.of(partial, 200));
    }
}
