package dev.mailtls.probe;

import dev.mailtls.internal.protocol.GreetingDetector;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.tls.LargeChainHandshake;
import dev.mailtls.internal.tls.TlsHandshake;
import dev.mailtls.net.Printable;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Why a handshake failed, as found: the deadline; for implicit TLS, a port that answers in
 * plaintext; a chain too large for the JDK (read again with a larger limit); a server without TLS
 * 1.2/1.3 (asked in the old versions); else a plain failure.
 */
final class HandshakeFailure {
    /** Budget for the plaintext look at a port that met the ClientHello in plaintext. */
    static final Duration PLAINTEXT_LOOK = Duration.ofSeconds(4);

    private HandshakeFailure() {}

    /**
     * What the failed handshake {@code c} means. {@code known} is everything found so far, the
     * handshake's own findings included; {@code implicit} is true when TLS was the port's first word.
     */
    static Facts diagnose(ProbeContext probe, Facts known, Link link, TlsHandshake.Captured c, boolean implicit) {
        Phase phase = Phase.HANDSHAKE;
        IOException e = c.error();
        if (probe.deadlinePassed()) {
            return Facts.NONE.with(probe.ioFailure(phase, e == null ? new IOException("deadline") : e));
        }
        Facts found = Facts.NONE;
        if (implicit && TlsPhase.looksLikePlaintext(e)) {
            probe.transcript().note("the handshake met plaintext; reading what the port says in plaintext");
            Connector.Connection again = probe.connect(link.addresses(), false);
            found = again.found();
            String line = plaintextLook(probe, again.socket());
            if (line != null) {
                found = found.with(new Failure(
                        phase,
                        FailureCode.PLAINTEXT_ON_TLS_PORT,
                        "the server answered the TLS ClientHello in plaintext: the port speaks plaintext (use starttls or plain)",
                        line));
                var seen = GreetingDetector.detect(line);
                return seen.isPresent() && known.protocol() == null ? found.with(seen.get()) : found;
            }
        }
        if (e != null && LargeChainHandshake.isJdkSizeLimit(e)) {
            Facts retry = LargeChainRetry.run(probe, known.merge(found), link.addresses(), e);
            found = found.merge(retry);
            if (retry.failure() != null) {
                return found;
            }
        }
        if (LegacyOnlyRetry.applies(probe, e)) {
            return found.merge(LegacyOnlyRetry.run(probe, known.merge(found), link.addresses(), e));
        }
        return found.with(
                new Failure(phase, FailureCode.HANDSHAKE_FAILED, "TLS handshake failed: " + ProbeFlow.describe(e)));
    }

    /** On a second, plaintext connection, the one line a port "really speaks"; null if none. */
    private static @Nullable String plaintextLook(ProbeContext probe, @Nullable Socket s) {
        if (s == null) {
            return null;
        }
        try {
            Session look = new Session(s, probe.transcript(), probe.deadline(), PLAINTEXT_LOOK);
            return Printable.of(look.readLine(PLAINTEXT_LOOK), 300);
        } catch (IOException e) {
            return null;
        } finally {
            Connector.closeQuietly(s);
        }
    }
}
