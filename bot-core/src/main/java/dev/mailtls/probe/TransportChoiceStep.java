package dev.mailtls.probe;

import dev.mailtls.endpoint.Transport;
import java.util.List;

/** "auto" after a plaintext greeting: STARTTLS when the capabilities offer it, else plaintext. */
final class TransportChoiceStep implements Step {
    static final TransportChoiceStep INSTANCE = new TransportChoiceStep();

    private TransportChoiceStep() {}

    @Override
    public String name() {
        return "transport";
    }

    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        List<String> caps = known.capabilitiesBeforeTls();
        boolean offered = caps != null && link.requireDialect().advertisesStartTls(caps);
        return offered
                ? Outcome.then(Facts.NONE.with(Transport.STARTTLS), link, Plan.STARTTLS_UPGRADE)
                : Outcome.then(Facts.NONE.with(Transport.PLAIN), link, Plan.PLAIN_SESSION);
    }
}
