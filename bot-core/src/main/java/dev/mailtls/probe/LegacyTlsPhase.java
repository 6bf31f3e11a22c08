package dev.mailtls.probe;

import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.tls.TlsEnumerator;
import dev.mailtls.tls.LegacyTlsResult;
import dev.mailtls.tls.TlsEnumeration;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The TLS 1.0/1.1 check on a further connection: one offer of TLS 1.1 that a server speaking only
 * TLS 1.0 answers too ({@link TlsEnumerator#legacyCheck}), and a connection per version only when
 * that answer does not settle both. It starts as soon as the main handshake succeeded, beside the
 * rest of the conversation ({@link EarlyChecks}), on a connection made ready while the main one was
 * still on its way to the handshake ({@link ReadyConnections}).
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
     * The connection of the first offer, made ready before the main handshake ends: for STARTTLS
     * once the server greeted in the protocol's words (a mail server); for implicit TLS once the
     * main handshake has the server's certificate in TLS 1.2 or 1.3 ({@link ReadyConnections}).
     * Not with --deep, which asks on its own.
     */
    @Override
    public int connectionsToReady(ProbeContext probe, Facts soFar) {
        if (!probe.options().legacyTlsCheck()
                || probe.options().deep()
                || soFar.failure() != null
                || soFar.tls() != null
                || soFar.protocol() == null
                || soFar.address() == null) {
            return 0;
        }
        var greeting = soFar.greeting();
        boolean ready = soFar.transport() == Transport.TLS
                || (soFar.transport() == Transport.STARTTLS && greeting != null && greeting.accepted());
        return ready ? 1 : 0;
    }

    /**
     * After a clean probe over TLS 1.2/1.3, a further connection offers only TLS 1.0 and 1.1 (for
     * STARTTLS, after greeting, capabilities and STARTTLS again) to see whether the server still
     * accepts them; further ones offer each version alone when its answer does not settle both.
     * Its conversation stays out of the transcript but for one summary line. When the second
     * connection cannot be made or gets no answer, the result is "unknown", never "refused".
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
        // One offer of TLS 1.1 that TLS 1.0 servers answer too; each version alone only when that
        // one answer does not settle both.
        TlsEnumeration asked = TlsEnumerator.legacyCheck(
                () -> TlsRedial.open(probe, finished, resolved, protocol, budget, LEGACY_CHECK),
                TlsPhase.sniName(probe.request()),
                budget,
                LEGACY_CHECK);
        LegacyTlsResult result = LegacyTlsResult.of(asked);
        Facts found = Facts.NONE.took(Phase.LEGACY_TLS, probe.millisSince(t0)).with(tls.withLegacy(result));
        return new Checked(
                found,
                "legacy TLS check (a further connection offering only TLS 1.0 and 1.1): "
                        + result.outcome().name().toLowerCase(java.util.Locale.ROOT) + ", " + result.detail());
    }
}
