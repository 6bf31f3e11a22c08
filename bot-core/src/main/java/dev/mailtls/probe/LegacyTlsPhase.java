package dev.mailtls.probe;

import dev.mailtls.net.Deadline;
import dev.mailtls.protocol.Dialect;
import dev.mailtls.protocol.Session;
import dev.mailtls.protocol.Transcript;
import dev.mailtls.target.Protocol;
import dev.mailtls.target.Transport;
import dev.mailtls.tls.LegacyTlsCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** The TLS 1.0/1.1 check on a second connection, through Bouncy Castle's low-level client. */
final class LegacyTlsPhase {
    /** Budget for the whole check. */
    private static final Duration LEGACY_CHECK = Duration.ofSeconds(3);

    private LegacyTlsPhase() {}

    /**
     * After a clean probe over TLS 1.2/1.3, a second connection offers only TLS 1.0/1.1 (for
     * STARTTLS, after greeting, capabilities and STARTTLS again) to see whether the server still
     * accepts them. Its conversation stays out of the transcript but for one summary line.
     */
    static void run(ProbeRun run, ProbeOptions options, Deadline deadline, Watchdog watchdog) {
        var tls = run.tls;
        Protocol protocol = run.protocol;
        if (!options.legacyTlsCheck()
                || tls == null
                || run.failure != null
                || protocol == null
                || deadline.remaining().compareTo(Duration.ofSeconds(1)) < 0
                || !(tls.version().equals("TLSv1.2") || tls.version().equals("TLSv1.3"))) {
            return;
        }
        long t0 = System.nanoTime();
        Deadline budget = Deadline.after(ProbeFlow.min(LEGACY_CHECK, deadline.remaining()));
        Socket s = null;
        try {
            InetAddress used = InetAddress.getByName(run.address);
            s = watchdog.watch(new Socket());
            s.connect(new InetSocketAddress(used, run.request.port()), budget.timeoutMillis(options.connectTimeout()));
            if (run.transport == Transport.STARTTLS) {
                Session quiet = new Session(s, new Transcript(), budget, LEGACY_CHECK);
                Dialect d = Dialect.of(protocol, options.ehloName());
                d.readGreeting(quiet, quiet.readLine());
                d.capabilities(quiet);
                if (!d.startTls(quiet).positive()) {
                    run.transcript.note("legacy TLS check: STARTTLS refused on the second connection");
                    return;
                }
            }
            LegacyTlsCheck.Result result =
                    LegacyTlsCheck.offer(s, TlsPhase.sniName(run.request), budget.timeoutMillis(LEGACY_CHECK));
            run.tls = tls.withLegacy(result);
            run.transcript.note("legacy TLS check (a second connection offering only TLS 1.0/1.1): " + result.detail());
        } catch (IOException | RuntimeException e) {
            run.transcript.note("legacy TLS check not completed: " + ProbeFlow.describe(e));
        } finally {
            Connector.closeQuietly(s);
            run.time(Phase.LEGACY_TLS, t0);
        }
    }
}
