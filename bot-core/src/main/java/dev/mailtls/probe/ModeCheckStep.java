package dev.mailtls.probe;

import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.text.HumanTime;
import java.net.Socket;
import java.time.Duration;

/**
 * A port that sent no plaintext greeting: a second connection tries a TLS handshake before the port
 * is called unresponsive. For "auto" a handshake that works turns the probe to implicit TLS; for an
 * explicit transport it is the finding that the port speaks implicit TLS.
 */
final class ModeCheckStep implements Step {
    /** Budget for the extra look that tells which transport a port really speaks. */
    static final Duration BUDGET = Duration.ofSeconds(4);

    /** How long the greeting was waited for, as the failures quote it. */
    private final Duration waited;

    ModeCheckStep(Duration waited) {
        this.waited = waited;
    }

    @Override
    public String name() {
        return "modeCheck";
    }

    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        String in = HumanTime.of(waited.toMillis());
        probe.transcript().note("no greeting in " + in + "; checking whether the port speaks implicit TLS");
        Connector.Connection again = probe.connect(link.addresses(), false);
        Facts found = again.found();
        Socket s = again.socket();
        if (s == null) {
            return Outcome.stop(
                    found.merge(Facts.failed(
                            Phase.GREETING, FailureCode.NO_GREETING, "no greeting within " + in, null, waited)),
                    link);
        }
        Deadline check = probe.deadline().within(BUDGET);
        TlsPhase.Handshake h = probe.tls().handshake(probe, s, check);
        if (!h.captured().ok()) {
            Connector.closeQuietly(s);
            // What a failed look found is not the port's certificate: only its time is kept.
            return Outcome.stop(
                    found.merge(h.found().timingsOnly())
                            .merge(Facts.failed(
                                    Phase.GREETING,
                                    FailureCode.NO_GREETING,
                                    "the port accepted the connection but sent nothing within " + in
                                            + ", and a TLS handshake did not succeed either",
                                    null,
                                    waited)),
                    link.with(s));
        }
        found = found.merge(h.found());
        if (probe.requested() == null) {
            return Outcome.then(found.with(Transport.TLS), link.with(s).with(h.captured()), Plan.TLS_SESSION);
        }
        Connector.closeQuietly(s);
        return Outcome.stop(
                found.with(new Failure(
                        Phase.GREETING,
                        FailureCode.TLS_ON_PLAINTEXT_PORT,
                        "no plaintext greeting, but a TLS handshake succeeded: the port speaks implicit TLS",
                        h.captured().version() + " " + h.captured().cipherSuite())),
                link.with(s));
    }
}
