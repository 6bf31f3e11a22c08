package dev.mailtls.probe;

import dev.mailtls.net.Deadline;
import dev.mailtls.tls.LargeChainHandshake;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Locale;

/**
 * When the JDK's handshake fails on its own limits (a handshake message over 32 KiB, a chain over 10
 * certificates), a second connection reads the chain with Bouncy Castle's larger per-connection
 * limits, so the card shows what the server sent and why ordinary clients fail, instead of a bare
 * handshake failure.
 */
final class LargeChainRetry {
    private LargeChainRetry() {}

    /**
     * Retries and records {@link FailureCode#CERT_CHAIN_TOO_LARGE} with what was read; false when
     * the retry read no certificate (the caller records the plain handshake failure).
     */
    static boolean run(
            ProbeRun run,
            TlsPhase tlsPhase,
            Connector connector,
            List<InetAddress> resolved,
            Deadline deadline,
            Watchdog watchdog,
            IOException jdkError) {
        long t0 = run.ticker.nanos();
        run.transcript.note("the JDK refused the server's handshake as too large (" + ProbeFlow.describe(jdkError)
                + "); reading it again on a second connection with a larger limit");
        Socket s = null;
        LargeChainHandshake.Read read;
        try {
            s = TlsRedial.open(
                    connector,
                    run,
                    resolved,
                    run.protocol,
                    deadline,
                    run.request.options().greetingTimeout(),
                    watchdog);
            read = LargeChainHandshake.read(
                    s,
                    TlsPhase.sniName(run.request),
                    deadline.timeoutMillis(run.request.options().deadline()));
        } catch (IOException | RuntimeException e) {
            run.transcript.note("the second connection failed: " + ProbeFlow.describe(e));
            return false;
        } finally {
            Connector.closeQuietly(s);
            run.time(Phase.HANDSHAKE, t0);
        }
        if (read.chain().isEmpty()) {
            run.transcript.note("the larger-limit handshake read no certificate: " + read.problem());
            return false;
        }
        String sni = TlsPhase.sniName(run.request);
        run.tls = tlsPhase.outcome(run, read.version(), read.cipherSuite(), read.chain(), sni);
        int sans = run.tls.leaf() == null ? 0 : run.tls.leaf().sans().size();
        String size = String.format(Locale.ROOT, "%,d", read.certificateBytes());
        run.transcript.note("read " + read.chain().size() + " certificates (" + size + " bytes)"
                + (read.version() == null ? "" : " over " + read.version())
                + (read.problem() == null ? "" : "; the handshake then stopped: " + read.problem()));
        run.fail(
                Phase.HANDSHAKE,
                FailureCode.CERT_CHAIN_TOO_LARGE,
                "the server's certificates are too large for common TLS clients: "
                        + read.chain().size() + " certificates, " + size + " bytes, the leaf with " + sans + " names",
                ProbeFlow.describe(jdkError));
        return true;
    }
}
