package dev.mailtls.probe;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.protocol.Dialect;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.protocol.Transcript;
import dev.mailtls.internal.tls.TlsEnumerator;
import dev.mailtls.tls.TlsEnumeration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A further connection to the address the probe already used, brought to the point where a client
 * sends its ClientHello: at once for implicit TLS, after greeting, capabilities and STARTTLS again
 * for STARTTLS. When the probe made connections ready for it during the conversation ({@link
 * ReadyConnections}), it takes one of those instead of connecting. Used by the checks that need a TLS stack of their own (the TLS 1.0/1.1 offer, the
 * deep probe, the old-version retry, the large-chain retry).
 *
 * <p>It goes through the {@link Connector} like every other connection of a probe, so the address
 * policy (and any per-address gate there) judges it too; it reuses the address already checked and
 * never looks the name up again. Its conversation stays out of the probe's transcript and timings.
 */
final class TlsRedial {
    private TlsRedial() {}

    /**
     * Connects again to the address the probe used, through the connector, without a word said.
     *
     * @throws IOException with the connector's one-line reason when it could not
     */
    static Socket connect(ProbeContext probe, Facts found, List<InetAddress> resolved, Deadline budget)
            throws IOException {
        InetAddress used = resolved.stream()
                .filter(a -> a.getHostAddress().equals(found.address()))
                .findFirst()
                .orElseThrow(() -> new IOException("the address used by the probe is not known"));
        // A scratch transcript: the connector notes into it, and what it finds is dropped.
        Transcript scratch = new Transcript();
        Socket s = probe.connector()
                .connect(probe.request(), scratch, List.of(used), budget, probe.watchdog(), false)
                .socket();
        if (s == null) {
            List<String> said = scratch.lines();
            throw new IOException(said.isEmpty() ? "no second connection" : said.get(said.size() - 1));
        }
        return s;
    }

    /**
     * Opens the connection and returns the socket ready for a ClientHello. The caller closes it.
     *
     * @throws IOException with a one-line reason when the connection could not be made or the server
     *     would not go ahead with STARTTLS
     */
    static Socket open(
            ProbeContext probe,
            Facts found,
            List<InetAddress> resolved,
            @Nullable Protocol protocol,
            Deadline budget,
            Duration readTimeout)
            throws IOException {
        // A connection made ready during the conversation, when there is one for this address.
        ReadyConnections.Ready ready = probe.ready().take(found, budget.remaining());
        Socket s = ready != null ? ready.socket() : connect(probe, found, resolved, budget);
        if (found.transport() != Transport.STARTTLS) {
            return s;
        }
        if (protocol == null) {
            Connector.closeQuietly(s);
            throw new IOException("the protocol for STARTTLS is not known");
        }
        try {
            Session quiet;
            Dialect d;
            if (ready != null && ready.session() != null && ready.dialect() != null) {
                // Greeted and asked for its capabilities already: STARTTLS is the next word.
                quiet = ready.session();
                d = ready.dialect();
            } else {
                quiet = new Session(s, new Transcript(), budget, readTimeout);
                d = Dialect.of(protocol, probe.options().ehloName());
                d.readGreeting(quiet, quiet.readLine());
                d.capabilities(quiet);
            }
            if (!d.startTlsGoAhead(d.startTls(quiet))) {
                throw new IOException("STARTTLS refused on the second connection");
            }
            return s;
        } catch (IOException | RuntimeException e) {
            Connector.closeQuietly(s);
            throw e;
        }
    }

    /**
     * Asks the server's versions and suites with {@code options}, each offer on a further
     * connection {@link #open opened} like this, all within {@code budget}.
     */
    static TlsEnumeration enumerate(
            ProbeContext probe,
            Facts found,
            List<InetAddress> resolved,
            @Nullable Protocol protocol,
            Deadline budget,
            Duration readTimeout,
            TlsEnumerator.Options options) {
        return TlsEnumerator.enumerate(
                () -> open(probe, found, resolved, protocol, budget, readTimeout),
                TlsPhase.sniName(probe.request()),
                budget,
                options);
    }
}
