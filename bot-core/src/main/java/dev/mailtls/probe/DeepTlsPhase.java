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
 * {@code --deep}: after a probe that reached TLS, every version and suite the server accepts, each
 * asked on its own connection to the address the probe used (for STARTTLS, after greeting,
 * capabilities and STARTTLS again), through the connector like every other connection. It stands
 * in for the TLS 1.0/1.1 check, whose answer it holds. It runs after a clean probe, and after one
 * that found the server speaks only TLS 1.1 or older ({@link FailureCode#TLS_LEGACY_ONLY}).
 */
final class DeepTlsPhase implements FollowUp {
    static final DeepTlsPhase INSTANCE = new DeepTlsPhase();

    /** The least time left for an enumeration worth starting. */
    private static final Duration LEAST = Duration.ofSeconds(2);

    /** Per-connection read budget of the STARTTLS conversation before each hello. */
    private static final Duration CONVERSATION = Duration.ofSeconds(5);

    private DeepTlsPhase() {}

    @Override
    public String name() {
        return Phase.DEEP_TLS.key();
    }

    /**
     * After the main handshake (or mailtls's own one in an old version): it needs only the address
     * used, the transport and, for STARTTLS, the protocol, so it runs beside the rest of the
     * conversation.
     */
    @Override
    public boolean early() {
        return true;
    }

    @Override
    public boolean appliesTo(ProbeContext probe, Facts facts) {
        return probe.options().deep()
                && facts.tls() != null
                && (facts.failure() == null || facts.failure().code() == FailureCode.TLS_LEGACY_ONLY);
    }

    @Override
    public @Nullable Checked check(ProbeContext probe, Facts finished, List<InetAddress> resolved) {
        var tls = finished.tls();
        var protocol = finished.protocol();
        Deadline deadline = probe.deadline();
        if (!appliesTo(probe, finished) || tls == null || deadline.remaining().compareTo(LEAST) < 0) {
            return null;
        }
        long t0 = probe.now();
        TlsEnumeration found = TlsRedial.enumerate(
                probe, finished, resolved, protocol, deadline, CONVERSATION, TlsEnumerator.Options.DEFAULT);
        Facts facts = Facts.NONE
                .took(Phase.DEEP_TLS, probe.millisSince(t0))
                .with(tls.withLegacy(LegacyTlsResult.of(found)).withEnumeration(found));
        return new Checked(
                facts,
                "deep TLS check: " + found.connections() + " connections in " + found.millis() + " ms; accepted "
                        + (found.accepted().isEmpty()
                                ? "nothing"
                                : String.join(", ", found.accepted().keySet()))
                        + (found.unknown().isEmpty()
                                ? ""
                                : "; " + found.unknown().size() + " unknown"));
    }
}
