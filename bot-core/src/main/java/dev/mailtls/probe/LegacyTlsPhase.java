package dev.mailtls.probe;

import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.tls.TlsEnumerator;
import dev.mailtls.tls.LegacyTlsResult;
import dev.mailtls.tls.TlsEnumeration;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The TLS 1.0/1.1 check on further connections (one per version, at once): the deep probe's
 * enumeration asked only whether each version gets an answer. It starts as soon as the main
 * handshake succeeded, beside the rest of the conversation ({@link EarlyChecks}).
 */
final class LegacyTlsPhase implements FollowUp {
    static final LegacyTlsPhase INSTANCE = new LegacyTlsPhase();

    /** Budget for the whole check. */
    private static final Duration LEGACY_CHECK = Duration.ofSeconds(3);

    private LegacyTlsPhase() {}

    @Override
    public String name() {
        return Phase.LEGACY_TLS.key();
    }

    /** After the main handshake: it needs only the TLS version, the protocol and the address used. */
    @Override
    public boolean early() {
        return true;
    }

    @Override
    public boolean appliesTo(ProbeContext probe, Facts facts) {
        var tls = facts.tls();
        return probe.options().legacyTlsCheck()
                && !probe.options().deep()
                && tls != null
                && facts.failure() == null
                && facts.protocol() != null
                && (tls.version().equals("TLSv1.2") || tls.version().equals("TLSv1.3"));
    }

    /**
     * After a clean probe over TLS 1.2/1.3, further connections offer only TLS 1.0 and only 1.1 (for
     * STARTTLS, after greeting, capabilities and STARTTLS again) to see whether the server still
     * accepts them. Its conversation stays out of the transcript but for one summary line. When the
     * second connection cannot be made or gets no answer, the result is "unknown", never "refused".
     */
    @Override
    public @Nullable Checked check(ProbeContext probe, Facts finished, List<InetAddress> resolved) {
        var tls = finished.tls();
        var protocol = finished.protocol();
        Deadline deadline = probe.deadline();
        if (!appliesTo(probe, finished)
                || tls == null
                || protocol == null
                || deadline.remaining().compareTo(Duration.ofSeconds(1)) < 0) {
            return null;
        }
        long t0 = probe.now();
        Deadline budget = deadline.within(LEGACY_CHECK);
        // The same enumeration as --deep, asked only whether TLS 1.0 and 1.1 get an answer.
        TlsEnumeration asked = TlsRedial.enumerate(
                probe,
                finished,
                resolved,
                protocol,
                budget,
                LEGACY_CHECK,
                TlsEnumerator.Options.legacyCheck(LEGACY_CHECK));
        LegacyTlsResult result = LegacyTlsResult.of(asked);
        Facts found = Facts.NONE.took(Phase.LEGACY_TLS, probe.millisSince(t0)).with(tls.withLegacy(result));
        return new Checked(
                found,
                "legacy TLS check (further connections offering only TLS 1.0, only TLS 1.1): "
                        + result.outcome().name().toLowerCase(java.util.Locale.ROOT) + ", " + result.detail());
    }
}
