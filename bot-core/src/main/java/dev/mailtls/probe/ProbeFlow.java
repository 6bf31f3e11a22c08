package dev.mailtls.probe;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.net.Deadline;
import dev.mailtls.net.Printable;
import dev.mailtls.net.Ticker;
import dev.mailtls.protocol.Dialect;
import dev.mailtls.protocol.GreetingDetector;
import dev.mailtls.protocol.Reply;
import dev.mailtls.protocol.Session;
import dev.mailtls.protocol.TooManyLinesException;
import dev.mailtls.protocol.UnexpectedReplyException;
import dev.mailtls.tls.LargeChainHandshake;
import dev.mailtls.tls.TlsHandshake;
import dev.mailtls.tls.TrustEvaluator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One probe's phases, in order. Single use. */
final class ProbeFlow {
    /** For "auto" on an unknown port: how long to wait for a plaintext greeting before trying TLS. */
    private static final Duration AUTO_GREETING_WAIT = Duration.ofSeconds(4);
    /** Budget for the extra look that tells which transport a port really speaks. */
    private static final Duration MODE_CHECK = Duration.ofSeconds(4);
    /** Of a greeting that never ends, the lines kept for the card. */
    private static final int GREETING_LINES_KEPT = 10;

    private final ProbeRequest request;
    private final ProbeOptions options;
    private final Connector connector;
    private final TlsPhase tlsPhase;
    private final ProbeRun run;
    private final Deadline deadline;
    private final Watchdog watchdog;
    private final @Nullable Transport requested;
    private List<InetAddress> addresses = List.of();

    ProbeFlow(ProbeRequest request, Connector connector, TrustEvaluator trust, Clock clock, Ticker ticker) {
        this.request = request;
        this.options = request.options();
        this.connector = connector;
        this.tlsPhase = new TlsPhase(trust);
        // An explicit transport wins; else the port's well-known one; else "auto".
        this.requested = request.transport() != null
                ? request.transport()
                : WellKnownPorts.transportOf(request.port()).orElse(null);
        // "auto" on an unknown port: the transport stays unknown until the port shows it.
        this.run = new ProbeRun(request, clock.instant(), requested, ticker);
        this.deadline = Deadline.after(options.deadline(), ticker);
        this.watchdog = new Watchdog(deadline);
    }

    /** A result for a probe that could not start (bad local input), without touching the network. */
    static ProbeResult notStarted(ProbeRequest request, Clock clock, String why) {
        Transport t = request.transport() != null
                ? request.transport()
                : WellKnownPorts.transportOf(request.port()).orElse(null);
        ProbeRun run = new ProbeRun(request, clock.instant(), t);
        run.fail(Phase.RESOLVE, FailureCode.IO_ERROR, why, null);
        return run.result();
    }

    ProbeResult run() {
        try (watchdog) {
            List<InetAddress> resolved = connector.resolve(run, deadline);
            if (resolved != null) {
                addresses = resolved;
                if (requested == Transport.TLS) {
                    implicitTls(null, null);
                } else {
                    plaintextFirst();
                }
                LegacyTlsPhase.run(run, options, connector, addresses, deadline, watchdog);
                CommandInjectionPhase.run(run, options, connector, addresses, deadline, watchdog);
            }
        } catch (RuntimeException e) {
            // A bug must not lose the result: say where it happened.
            run.fail(Phase.CLOSE, FailureCode.IO_ERROR, "internal error: " + e, null);
        }
        return run.result();
    }

    private @Nullable Socket connect() {
        return connector.connect(run, addresses, deadline, watchdog, true);
    }

    /** A second look at the port (which transport it speaks): its failure is not the probe's. */
    private @Nullable Socket connectAgain() {
        return connector.connect(run, addresses, deadline, watchdog, false);
    }

    /** STARTTLS, plaintext, and "auto": a plaintext greeting first. */
    private void plaintextFirst() {
        Socket sock = connect();
        if (sock == null) {
            return;
        }
        Session session;
        try {
            session = new Session(sock, run.transcript, deadline, options.greetingTimeout());
        } catch (IOException e) {
            failIo(Phase.CONNECT, e);
            return;
        }
        Duration wait =
                requested == null ? min(AUTO_GREETING_WAIT, options.greetingTimeout()) : options.greetingTimeout();
        // Keep time for the look at whether a silent port speaks implicit TLS, even on a short deadline.
        Duration left = deadline.remaining();
        wait = min(wait, left.minus(min(MODE_CHECK, left.dividedBy(3))));
        long t0 = run.ticker.nanos();
        String first;
        try {
            first = session.readLine(wait);
        } catch (SocketTimeoutException e) {
            run.time(Phase.GREETING, t0);
            Connector.closeQuietly(sock);
            String partial = session.partialLine();
            if (!partial.isEmpty()) {
                stalledGreeting(partial, t0);
            } else {
                noGreeting(wait);
            }
            return;
        } catch (IOException e) {
            run.time(Phase.GREETING, t0);
            failIo(Phase.GREETING, e);
            String partial = session.partialLine();
            Failure failed = run.failure;
            if (!partial.isEmpty() && failed != null && failed.evidence() == null) {
                run.failure = failed.withEvidence("received so far: " + Printable.of(partial, 200));
            }
            Connector.closeQuietly(sock);
            return;
        }
        if (requested == null) {
            // A plaintext first line: the port speaks plaintext (STARTTLS, if it offers it, comes later).
            run.transport = Transport.PLAIN;
        }
        Dialect dialect = greet(session, first, t0);
        if (dialect == null) {
            Connector.closeQuietly(sock);
            return;
        }
        try {
            List<String> caps = capabilities(session, dialect, Phase.CAPABILITIES);
            if (caps == null) {
                return;
            }
            run.capabilitiesBeforeTls = caps;
            boolean offered = dialect.advertisesStartTls(caps);
            Transport effective = requested != null ? requested : offered ? Transport.STARTTLS : Transport.PLAIN;
            run.transport = effective;
            if (effective == Transport.PLAIN) {
                AuthPhase.run(run, session, dialect, caps);
                close(session, dialect);
                return;
            }
            if (!startTls(session, dialect, offered)) {
                return;
            }
            List<String> after = capabilities(session, dialect, Phase.POST_TLS_CAPABILITIES);
            if (after == null) {
                return;
            }
            run.capabilitiesAfterTls = after;
            AuthPhase.run(run, session, dialect, after);
            close(session, dialect);
        } finally {
            Connector.closeQuietly(session.socket());
            Connector.closeQuietly(sock);
        }
    }

    /** Reads the rest of the greeting and picks the dialect; null after recording a failure. */
    private @Nullable Dialect greet(Session session, String first, long t0) {
        Optional<Protocol> seen = GreetingDetector.detect(first);
        Protocol protocol = request.protocol() != null
                ? request.protocol()
                : seen.or(() -> WellKnownPorts.protocolOf(request.port()))
                        .or(() -> WellKnownPorts.protocolOfHost(request.host()))
                        .orElse(null);
        if (protocol == null || (seen.isPresent() && seen.get() != protocol)) {
            run.time(Phase.GREETING, t0);
            run.fail(
                    Phase.GREETING,
                    FailureCode.UNEXPECTED_REPLY,
                    "the server's first line " + GreetingDetector.mismatch(protocol, seen),
                    Printable.of(first, 300));
            if (seen.isPresent()) {
                run.protocol = seen.get();
            }
            return null;
        }
        run.protocol = protocol;
        Dialect dialect = Dialect.of(protocol, options.ehloName());
        try {
            Reply g = dialect.readGreeting(session, first);
            long delay = run.millisSince(t0);
            run.time(Phase.GREETING, t0);
            run.greeting = new Greeting(g.lines(), g.positive(), delay);
            if (!g.positive()) {
                run.fail(Phase.GREETING, FailureCode.SERVICE_REFUSED, "the server refused the session", g.text());
                return null;
            }
            return dialect;
        } catch (IOException e) {
            run.time(Phase.GREETING, t0);
            if (e instanceof UnexpectedReplyException u && !u.before().isEmpty()) {
                // Keep the part of the greeting that was valid: it is what the user needs to see.
                run.greeting = new Greeting(u.before(), false, run.millisSince(t0));
            } else if (e instanceof TooManyLinesException t) {
                // A greeting that never ends: its first lines show what it is, the rest is repetition.
                List<String> shown = t.lines()
                        .subList(0, Math.min(GREETING_LINES_KEPT, t.lines().size()));
                run.greeting = new Greeting(shown, false, run.millisSince(t0));
            }
            failIo(Phase.GREETING, e);
            return null;
        }
    }

    /** The greeting started but stopped coming: a tarpit, or a server stuck mid-line. */
    private void stalledGreeting(String partial, long t0) {
        long ms = run.millisSince(t0);
        run.fail(
                Phase.GREETING,
                FailureCode.READ_TIMEOUT,
                "the server began its greeting but stalled: " + partial.length() + " bytes in " + ms
                        + " ms and no end of line (a tarpit, or a server that hangs mid-greeting)",
                "received so far: " + Printable.of(partial, 200));
    }

    /** No plaintext greeting: look whether the port speaks implicit TLS before calling it unresponsive. */
    private void noGreeting(Duration waited) {
        String in = HumanTime.of(waited.toMillis());
        run.transcript.note("no greeting in " + in + "; checking whether the port speaks implicit TLS");
        Socket probe = connectAgain();
        if (probe == null) {
            run.fail(Phase.GREETING, FailureCode.NO_GREETING, "no greeting within " + in, null, waited);
            return;
        }
        Deadline check = deadline.within(MODE_CHECK);
        TlsHandshake.Captured c = tlsPhase.handshake(run, probe, check);
        if (!c.ok()) {
            Connector.closeQuietly(probe);
            run.tls = null;
            run.fail(
                    Phase.GREETING,
                    FailureCode.NO_GREETING,
                    "the port accepted the connection but sent nothing within " + in
                            + ", and a TLS handshake did not succeed either",
                    null,
                    waited);
            return;
        }
        if (requested == null) {
            run.transport = Transport.TLS;
            implicitTls(probe, c);
            return;
        }
        Connector.closeQuietly(probe);
        run.fail(
                Phase.GREETING,
                FailureCode.TLS_ON_PLAINTEXT_PORT,
                "no plaintext greeting, but a TLS handshake succeeded: the port speaks implicit TLS",
                c.version() + " " + c.cipherSuite());
    }

    /** Implicit TLS: handshake first, then the greeting over TLS. */
    private void implicitTls(@Nullable Socket connected, TlsHandshake.@Nullable Captured done) {
        run.transport = Transport.TLS;
        Socket sock = connected != null ? connected : connect();
        if (sock == null) {
            return;
        }
        TlsHandshake.Captured c = done != null ? done : tlsPhase.handshake(run, sock, deadline);
        if (!c.ok()) {
            Connector.closeQuietly(sock);
            handshakeFailed(c, true);
            return;
        }
        Session session = null;
        try {
            session = new Session(c.socket(), run.transcript, deadline, options.greetingTimeout());
            long t0 = run.ticker.nanos();
            // The wait actually in force: the greeting timeout, cut short by the deadline.
            Duration wait = Duration.ofMillis(deadline.timeoutMillis(options.greetingTimeout()));
            String first;
            try {
                first = session.readLine(wait);
            } catch (SocketTimeoutException e) {
                run.time(Phase.GREETING, t0);
                run.fail(
                        Phase.GREETING,
                        FailureCode.NO_GREETING,
                        "TLS was established but the server sent no greeting within " + HumanTime.of(wait.toMillis()),
                        null,
                        wait);
                return;
            }
            Dialect dialect = greet(session, first, t0);
            if (dialect == null) {
                return;
            }
            List<String> caps = capabilities(session, dialect, Phase.CAPABILITIES);
            if (caps == null) {
                return;
            }
            run.capabilitiesAfterTls = caps;
            AuthPhase.run(run, session, dialect, caps);
            close(session, dialect);
        } catch (IOException e) {
            failIo(Phase.GREETING, e);
        } finally {
            if (session != null) {
                Connector.closeQuietly(session.socket());
            }
            Connector.closeQuietly(sock);
        }
    }

    private void handshakeFailed(TlsHandshake.Captured c, boolean implicit) {
        Phase phase = Phase.HANDSHAKE;
        IOException e = c.error();
        if (watchdog.fired() || deadline.expired()) {
            failIo(phase, e == null ? new IOException("deadline") : e);
            return;
        }
        if (implicit && TlsPhase.looksLikePlaintext(e)) {
            String line = plaintextLook();
            if (line != null) {
                run.fail(
                        phase,
                        FailureCode.PLAINTEXT_ON_TLS_PORT,
                        "the server answered the TLS ClientHello in plaintext: the port speaks plaintext (use starttls or plain)",
                        line);
                GreetingDetector.detect(line).ifPresent(p -> run.protocol = run.protocol == null ? p : run.protocol);
                return;
            }
        }
        if (e != null
                && LargeChainHandshake.isJdkSizeLimit(e)
                && LargeChainRetry.run(run, tlsPhase, connector, addresses, deadline, watchdog, e)) {
            return;
        }
        run.fail(phase, FailureCode.HANDSHAKE_FAILED, "TLS handshake failed: " + describe(e), null);
    }

    /** A second, plaintext connection that reads one line: what a port "really speaks". */
    private @Nullable String plaintextLook() {
        run.transcript.note("the handshake met plaintext; reading what the port says in plaintext");
        Socket s = connectAgain();
        if (s == null) {
            return null;
        }
        try {
            Session look = new Session(s, run.transcript, deadline, MODE_CHECK);
            return Printable.of(look.readLine(MODE_CHECK), 300);
        } catch (IOException e) {
            return null;
        } finally {
            Connector.closeQuietly(s);
        }
    }

    private @Nullable List<String> capabilities(Session session, Dialect dialect, Phase phase) {
        long t0 = run.ticker.nanos();
        try {
            return dialect.capabilities(session);
        } catch (IOException e) {
            failIo(phase, e);
            return null;
        } finally {
            run.time(phase, t0);
        }
    }

    /** STARTTLS, tried even when not advertised; true when TLS is up and the session moved onto it. */
    private boolean startTls(Session session, Dialect dialect, boolean offered) {
        long t0 = run.ticker.nanos();
        Reply reply;
        try {
            reply = dialect.startTls(session);
        } catch (IOException e) {
            run.time(Phase.STARTTLS, t0);
            run.starttls = new StartTlsOutcome(offered, StartTlsOutcome.Answer.NO_ANSWER, null, null);
            failIo(Phase.STARTTLS, e);
            return false;
        }
        if (!dialect.startTlsGoAhead(reply)) {
            run.time(Phase.STARTTLS, t0);
            run.starttls = new StartTlsOutcome(offered, StartTlsOutcome.Answer.REFUSED, reply.text(), null);
            FailureCode code = offered ? FailureCode.STARTTLS_REFUSED : FailureCode.STARTTLS_NOT_OFFERED;
            run.fail(
                    Phase.STARTTLS,
                    code,
                    offered ? "STARTTLS was advertised but refused" : "STARTTLS is not offered and was refused",
                    reply.text());
            dialect.quit(session);
            return false;
        }
        String injected = StartTlsInjection.look(session, deadline);
        run.starttls = new StartTlsOutcome(offered, StartTlsOutcome.Answer.ACCEPTED, reply.text(), injected);
        if (injected != null) {
            session.note("the server sent bytes after its go-ahead, before TLS: " + injected);
        }
        run.time(Phase.STARTTLS, t0);
        TlsHandshake.Captured c = tlsPhase.handshake(run, session.socket(), deadline);
        if (!c.ok()) {
            // After a go-ahead, plaintext met by the handshake is the server's, not the port's, mode.
            handshakeFailed(c, false);
            return false;
        }
        try {
            // RFC 3207 §4.2: everything learned before TLS is discarded; the session starts over.
            session.attach(c.socket());
            return true;
        } catch (IOException e) {
            failIo(Phase.HANDSHAKE, e);
            return false;
        }
    }

    private void close(Session session, Dialect dialect) {
        long t0 = run.ticker.nanos();
        dialect.quit(session);
        run.time(Phase.CLOSE, t0);
    }

    /** Maps an I/O problem in a phase to a failure, the deadline first. */
    private void failIo(Phase phase, IOException e) {
        IoFailures.record(run, phase, e, watchdog.fired() || deadline.expired());
    }

    static String describe(@Nullable Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
