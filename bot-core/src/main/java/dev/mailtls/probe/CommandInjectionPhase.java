package dev.mailtls.probe;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.protocol.Dialect;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.protocol.Transcript;
import dev.mailtls.internal.tls.TlsHandshake;
import dev.mailtls.net.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The CVE-2011-0411 check for SMTP: on a further connection, {@code STARTTLS} and {@code NOOP} go
 * out in one write, as a man-in-the-middle would append the second; after the handshake the first
 * thing said inside TLS is {@code QUIT}. A server that kept its plaintext buffer answers the NOOP
 * first ({@code 250}); one that discarded it (RFC 3207 §4.2) answers the QUIT ({@code 221}). Asking
 * for QUIT means no wait for a reply that never comes, so a healthy server costs one short
 * connection. The conversation stays out of the transcript but for one line. It starts as soon as
 * the main handshake succeeded, beside the rest of the conversation ({@link EarlyChecks}).
 */
final class CommandInjectionPhase implements FollowUp {
    static final CommandInjectionPhase INSTANCE = new CommandInjectionPhase();

    /** Budget for the whole check. */
    private static final Duration CHECK = Duration.ofSeconds(3);

    private CommandInjectionPhase() {}

    @Override
    public String name() {
        return "commandInjection";
    }

    /** After the main handshake: it needs only the STARTTLS answer and the address used. */
    @Override
    public boolean early() {
        return true;
    }

    @Override
    public boolean appliesTo(ProbeContext probe, Facts facts) {
        StartTlsOutcome st = facts.starttls();
        return probe.options().legacyTlsCheck()
                && st != null
                && st.accepted()
                && facts.tls() != null
                && facts.failure() == null
                && facts.protocol() == Protocol.SMTP
                && facts.transport() == Transport.STARTTLS;
    }

    @Override
    public @Nullable Checked check(ProbeContext probe, Facts finished, List<InetAddress> resolved) {
        StartTlsOutcome st = finished.starttls();
        Deadline deadline = probe.deadline();
        if (!appliesTo(probe, finished) || st == null || deadline.remaining().compareTo(Duration.ofSeconds(1)) < 0) {
            return null;
        }
        Deadline budget = deadline.within(CHECK);
        CommandInjectionCheck check;
        Socket s = null;
        try {
            s = TlsRedial.connect(probe, finished, resolved, budget);
            check = check(probe.request(), s, budget);
        } catch (IOException | RuntimeException e) {
            check = new CommandInjectionCheck(
                    CommandInjectionCheck.Outcome.UNKNOWN, "the check did not complete: " + ProbeFlow.describe(e));
        } finally {
            Connector.closeQuietly(s);
        }
        return new Checked(
                Facts.NONE.with(st.withCommandInjection(check)),
                "STARTTLS command injection check (a further connection pipelining NOOP after" + " STARTTLS): "
                        + check.outcome().key() + ", " + check.detail());
    }

    private static CommandInjectionCheck check(ProbeRequest request, Socket s, Deadline budget) throws IOException {
        Session quiet = new Session(s, new Transcript(), budget, CHECK);
        Dialect d = Dialect.of(Protocol.SMTP, request.options().ehloName());
        d.readGreeting(quiet, quiet.readLine());
        d.capabilities(quiet);
        // One write: the NOOP is what an attacker would append to the client's plaintext STARTTLS.
        quiet.send("STARTTLS\r\nNOOP");
        String answer = quiet.readLine();
        if (!answer.startsWith("220")) {
            return new CommandInjectionCheck(
                    CommandInjectionCheck.Outcome.DISCARDED,
                    "the server refused STARTTLS with a command pipelined after it: " + Printable.of(answer, 120));
        }
        byte[] early = quiet.drainBuffered();
        if (early != null) {
            return new CommandInjectionCheck(
                    CommandInjectionCheck.Outcome.UNKNOWN,
                    "the server answered the pipelined command before TLS: " + Printable.ofBytes(early, 120));
        }
        TlsHandshake.Captured c = TlsHandshake.run(
                s, request.host(), request.port(), TlsPhase.sniName(request), null, budget.timeoutMillis(CHECK));
        if (!c.ok() || c.socket() == null) {
            return new CommandInjectionCheck(
                    CommandInjectionCheck.Outcome.UNKNOWN,
                    "no TLS after a pipelined STARTTLS: " + ProbeFlow.describe(c.error()));
        }
        try (Socket tls = c.socket()) {
            tls.setSoTimeout(budget.timeoutMillis(CHECK));
            OutputStream out = tls.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = firstLine(tls.getInputStream());
            if (first.startsWith("250")) {
                return new CommandInjectionCheck(
                        CommandInjectionCheck.Outcome.EXECUTED,
                        "the NOOP sent in plaintext before the handshake was answered inside TLS: "
                                + Printable.of(first, 120));
            }
            if (first.startsWith("221")) {
                return new CommandInjectionCheck(
                        CommandInjectionCheck.Outcome.DISCARDED,
                        "the first answer inside TLS was to QUIT: the pipelined NOOP was discarded");
            }
            return new CommandInjectionCheck(
                    CommandInjectionCheck.Outcome.UNKNOWN,
                    "an unexpected first answer inside TLS: " + Printable.of(first, 120));
        }
    }

    /** One line, bounded: the first reply line inside TLS. */
    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (line.length() < 512) {
                line.append((char) b);
            }
        }
        return line.toString().strip();
    }
}
