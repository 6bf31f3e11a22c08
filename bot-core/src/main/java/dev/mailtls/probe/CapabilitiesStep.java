package dev.mailtls.probe;

import java.io.IOException;
import java.util.List;

/** EHLO, CAPABILITY or CAPA: before TLS, after a STARTTLS upgrade, or over implicit TLS. */
final class CapabilitiesStep implements Step {
    /** On the plaintext channel. */
    static final CapabilitiesStep BEFORE_TLS = new CapabilitiesStep(Phase.CAPABILITIES, false);
    /** After STARTTLS: RFC 3207 §4.2, a server may list different ones once TLS is up. */
    static final CapabilitiesStep AFTER_UPGRADE = new CapabilitiesStep(Phase.POST_TLS_CAPABILITIES, true);
    /** Over implicit TLS: the only list there is, timed as the capabilities phase. */
    static final CapabilitiesStep OVER_TLS = new CapabilitiesStep(Phase.CAPABILITIES, true);

    private final Phase phase;
    private final boolean overTls;

    private CapabilitiesStep(Phase phase, boolean overTls) {
        this.phase = phase;
        this.overTls = overTls;
    }

    @Override
    public String name() {
        return phase.key();
    }

    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        long t0 = probe.now();
        List<String> caps;
        try {
            caps = link.requireDialect().capabilities(link.requireSession());
        } catch (IOException e) {
            Failure failure = probe.ioFailure(phase, e);
            return Outcome.stop(Facts.NONE.with(failure).took(phase, probe.millisSince(t0)), link);
        }
        Facts found = overTls ? Facts.NONE.withCapabilitiesAfterTls(caps) : Facts.NONE.withCapabilitiesBeforeTls(caps);
        return Outcome.next(found.took(phase, probe.millisSince(t0)), link);
    }
}
