package dev.mailtls.probe;

import dev.mailtls.internal.protocol.Dialect;
import dev.mailtls.internal.protocol.Reply;
import dev.mailtls.internal.protocol.Session;
import java.io.IOException;
import java.util.List;

/**
 * STARTTLS (POP3: STLS), tried even when not advertised, and a look, without waiting, at the bytes
 * that came with the go-ahead; the handshake after it sets aside any that come later.
 */
final class StartTlsStep implements Step {
    static final StartTlsStep INSTANCE = new StartTlsStep();

    private StartTlsStep() {}

    @Override
    public String name() {
        return Phase.STARTTLS.key();
    }

    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        Session session = link.requireSession();
        Dialect dialect = link.requireDialect();
        List<String> caps = known.capabilitiesBeforeTls();
        boolean offered = caps != null && dialect.advertisesStartTls(caps);
        long t0 = probe.now();
        Reply reply;
        try {
            reply = dialect.startTls(session);
        } catch (IOException e) {
            return Outcome.stop(
                    Facts.NONE
                            .took(Phase.STARTTLS, probe.millisSince(t0))
                            .with(new StartTlsOutcome(offered, StartTlsOutcome.Answer.NO_ANSWER, null, null))
                            .with(probe.ioFailure(Phase.STARTTLS, e)),
                    link);
        }
        if (!dialect.startTlsGoAhead(reply)) {
            Facts refused = Facts.NONE
                    .took(Phase.STARTTLS, probe.millisSince(t0))
                    .with(new StartTlsOutcome(offered, StartTlsOutcome.Answer.REFUSED, reply.text(), null))
                    .with(new Failure(
                            Phase.STARTTLS,
                            offered ? FailureCode.STARTTLS_REFUSED : FailureCode.STARTTLS_NOT_OFFERED,
                            offered ? "STARTTLS was advertised but refused" : "STARTTLS is not offered and was refused",
                            reply.text()));
            // The refusal is the finding; the session still ends politely.
            return Outcome.then(refused, link, Plan.GOODBYE);
        }
        String injected = StartTlsInjection.buffered(session);
        StartTlsOutcome accepted =
                new StartTlsOutcome(offered, StartTlsOutcome.Answer.ACCEPTED, reply.text(), injected);
        if (injected != null) {
            session.note("the server sent bytes after its go-ahead, before TLS: " + injected);
        }
        return Outcome.next(Facts.NONE.with(accepted).took(Phase.STARTTLS, probe.millisSince(t0)), link);
    }
}
