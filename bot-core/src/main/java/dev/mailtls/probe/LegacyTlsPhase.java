package dev.mailtls.probe;

import dev.mailtls.net.Deadline;
import dev.mailtls.tls.LegacyTlsCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/** The TLS 1.0/1.1 check on a second connection, through Bouncy Castle's low-level client. */
final class LegacyTlsPhase {
    /** Budget for the whole check. */
    private static final Duration LEGACY_CHECK = Duration.ofSeconds(3);

    private LegacyTlsPhase() {}

    /**
     * After a clean probe over TLS 1.2/1.3, a second connection offers only TLS 1.0/1.1 (for
     * STARTTLS, after greeting, capabilities and STARTTLS again) to see whether the server still
     * accepts them. Its conversation stays out of the transcript but for one summary line. When the
     * second connection cannot be made or gets no answer, the result is "unknown", never "refused".
     */
    static void run(
            ProbeRun run,
            ProbeOptions options,
            Connector connector,
            List<InetAddress> resolved,
            Deadline deadline,
            Watchdog watchdog) {
        var tls = run.tls;
        var protocol = run.protocol;
        if (!options.legacyTlsCheck()
                || tls == null
                || run.failure != null
                || protocol == null
                || deadline.remaining().compareTo(Duration.ofSeconds(1)) < 0
                || !(tls.version().equals("TLSv1.2") || tls.version().equals("TLSv1.3"))) {
            return;
        }
        long t0 = run.ticker.nanos();
        Deadline budget = deadline.within(LEGACY_CHECK);
        Socket s = null;
        LegacyTlsCheck.Result result;
        try {
            s = TlsRedial.open(connector, run, resolved, protocol, budget, LEGACY_CHECK, watchdog);
            result = LegacyTlsCheck.offer(s, TlsPhase.sniName(run.request), budget.timeoutMillis(LEGACY_CHECK));
        } catch (IOException | RuntimeException e) {
            result = LegacyTlsCheck.Result.unknown("the second connection failed: " + ProbeFlow.describe(e));
        } finally {
            Connector.closeQuietly(s);
            run.time(Phase.LEGACY_TLS, t0);
        }
        run.tls = tls.withLegacy(result);
        run.transcript.note("legacy TLS check (a second connection offering only TLS 1.0/1.1): "
                + result.outcome().name().toLowerCase(java.util.Locale.ROOT) + ", " + result.detail());
    }
}
