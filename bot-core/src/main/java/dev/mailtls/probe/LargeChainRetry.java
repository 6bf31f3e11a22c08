package dev.mailtls.probe;

import dev.mailtls.internal.tls.LargeChainHandshake;
import dev.mailtls.tls.TlsOutcome;
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
     * Retries on a second connection. What it found always holds the retry's time; with a chain
     * read, also the chain's verdicts and {@link FailureCode#CERT_CHAIN_TOO_LARGE}. Without a
     * failure, the retry read no certificate and the caller keeps the plain handshake failure.
     */
    static Facts run(ProbeContext probe, Facts known, List<InetAddress> resolved, IOException jdkError) {
        long t0 = probe.now();
        ProbeRequest request = probe.request();
        probe.transcript()
                .note("the JDK refused the server's handshake as too large (" + ProbeFlow.describe(jdkError)
                        + "); reading it again on a second connection with a larger limit");
        Socket s = null;
        LargeChainHandshake.Read read;
        try {
            s = TlsRedial.open(
                    probe,
                    known,
                    resolved,
                    known.protocol(),
                    probe.deadline(),
                    request.options().greetingTimeout());
            read = LargeChainHandshake.read(
                    s,
                    TlsPhase.sniName(request),
                    probe.deadline().timeoutMillis(request.options().deadline()));
        } catch (IOException | RuntimeException e) {
            probe.transcript().note("the second connection failed: " + ProbeFlow.describe(e));
            return Facts.NONE.took(Phase.HANDSHAKE, probe.millisSince(t0));
        } finally {
            Connector.closeQuietly(s);
        }
        Facts found = Facts.NONE.took(Phase.HANDSHAKE, probe.millisSince(t0));
        if (read.chain().isEmpty()) {
            probe.transcript().note("the larger-limit handshake read no certificate: " + read.problem());
            return found;
        }
        String sni = TlsPhase.sniName(request);
        TlsOutcome tls = probe.tls().outcome(probe, read.version(), read.cipherSuite(), read.chain(), sni);
        int sans = tls.leaf() == null ? 0 : tls.leaf().sans().size();
        String size = String.format(Locale.ROOT, "%,d", read.certificateBytes());
        probe.transcript()
                .note("read " + read.chain().size() + " certificates (" + size + " bytes)"
                        + (read.version() == null ? "" : " over " + read.version())
                        + (read.problem() == null ? "" : "; the handshake then stopped: " + read.problem()));
        return found.with(tls)
                .with(new Failure(
                        Phase.HANDSHAKE,
                        FailureCode.CERT_CHAIN_TOO_LARGE,
                        "the server's certificates are too large for common TLS clients: "
                                + read.chain().size() + " certificates, " + size + " bytes, the leaf with " + sans
                                + " names",
                        ProbeFlow.describe(jdkError)));
    }
}
