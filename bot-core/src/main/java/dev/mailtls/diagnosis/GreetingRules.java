package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.Hints.error;
import static dev.mailtls.diagnosis.Hints.warning;

import dev.mailtls.command.TryCommand;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.internal.protocol.GreetingDetector;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.text.HumanTime;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Greeting;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The greeting and the conversation around it: silence, refusal, slowness, the wrong language, and
 * a port that speaks another transport than the one asked for.
 */
final class GreetingRules implements Rules {

    @Override
    public List<Hint> diagnose(Facts f) {
        List<Hint> hints = new ArrayList<>();
        Failure failure = f.result().failure();
        if (failure != null) {
            Hint h = switch (failure.code()) {
                case NO_GREETING -> noGreeting(f);
                case READ_TIMEOUT ->
                    switch (failure.phase()) {
                        case GREETING -> noGreeting(f);
                        case HANDSHAKE -> null; // a handshake failure: TlsRules
                        default -> protocolError(f, failure);
                    };
                case SERVICE_REFUSED -> serviceRefused(f, failure);
                case CONNECTION_CLOSED ->
                    switch (failure.phase()) {
                        case GREETING -> serviceRefused(f, failure);
                        case HANDSHAKE -> null; // a handshake failure: TlsRules
                        default -> protocolError(f, failure);
                    };
                case UNEXPECTED_REPLY ->
                    failure.phase() == Phase.GREETING && f.result().greeting() == null
                            ? unexpectedGreeting(f, failure)
                            : protocolError(f, failure);
                case TOO_MANY_LINES ->
                    failure.phase() == Phase.GREETING ? endlessGreeting(f) : protocolError(f, failure);
                case LINE_TOO_LONG -> protocolError(f, failure);
                // Handshake errors are TlsRules'; a probe that never started (bad local input) is the safety net's.
                case IO_ERROR ->
                    failure.phase() == Phase.HANDSHAKE || failure.phase() == Phase.RESOLVE
                            ? null
                            : protocolError(f, failure);
                case PLAINTEXT_ON_TLS_PORT -> plaintextOnTlsPort(f);
                case TLS_ON_PLAINTEXT_PORT -> tlsOnPlaintextPort(f);
                default -> null;
            };
            if (h != null) {
                hints.add(h);
            }
        }
        Greeting g = f.result().greeting();
        Duration slow = f.result().request().options().slowGreeting();
        if (g != null && g.delayMs() > slow.toMillis()) {
            hints.add(slowGreeting(f, g, slow));
        }
        return hints;
    }

    private static Hint noGreeting(Facts f) {
        // The wait the probe actually used (the timeout, cut by the deadline), as the transcript says it.
        Failure failure = f.result().failure();
        Duration used = failure != null && failure.waited() != null
                ? failure.waited()
                : f.result().request().options().greetingTimeout();
        String waited = Facts.human(used);
        TryCommand tls = f.tryCommand(f.implicitTlsPort(), Transport.TLS);
        String summary = "The port accepted the connection but the server sent nothing in " + waited + ".";
        if (f.transport() == Transport.TLS) {
            return error(
                    HintCode.NO_GREETING,
                    summary,
                    "The TLS handshake worked, but no " + f.service() + " greeting followed it: the service"
                            + " behind TLS is hung, overloaded, or missing (a TLS proxy with no backend).",
                    "Check that the " + f.service() + " service behind port " + f.port()
                            + " runs and answers, and look at its logs and connection limits.");
        }
        // The prober looks for implicit TLS on a second connection when time allows (its handshake is
        // then timed): after a failed look, "the port expects implicit TLS" would contradict the card.
        boolean tlsTried = f.result().timings().containsKey(Phase.HANDSHAKE);
        return error(
                        HintCode.NO_GREETING,
                        summary,
                        tlsTried
                                ? "Nothing came in plaintext, and a TLS handshake on a second connection did not succeed"
                                        + " either: the service is hung or overloaded, or something in front of it (a"
                                        + " firewall or proxy) accepts connections without passing them on."
                                : "The service is unresponsive, or the port expects implicit TLS and waits for a TLS"
                                        + " handshake that a plaintext client never sends.",
                        "try: " + tls.in(TryCommand.Form.CLI)
                                + "; if that fails too, the service is hung or overloaded: check its logs and"
                                + " connection limits.")
                .suggesting(tls);
    }

    private static Hint serviceRefused(Facts f, Failure failure) {
        boolean closed = failure.code() == FailureCode.CONNECTION_CLOSED;
        String how = closed
                ? " closed the connection without a greeting."
                : " refused the session" + Facts.replyCodeNote(greetingText(f, failure)) + ".";
        return error(
                HintCode.SERVICE_REFUSED,
                f.where() + how,
                "The server turned this connection away instead of greeting it. That usually means throttling"
                        + " (too many connections), a block of this source address (IP reputation, a DNS"
                        + " blocklist, a country filter) or maintenance; the server's own words, if any, are in"
                        + " the greeting and the transcript.",
                "Retry later; if it persists, read the server's reply and check its connection limits and"
                        + " blocklists (on your own server: the logs for this client address).");
    }

    private static String greetingText(Facts f, Failure failure) {
        Greeting g = f.result().greeting();
        return g != null ? g.text() : failure.evidence() == null ? "" : failure.evidence();
    }

    private static Hint slowGreeting(Facts f, Greeting g, Duration slow) {
        return warning(
                HintCode.SLOW_GREETING,
                "The greeting took " + HumanTime.of(g.delayMs()) + " (slower than " + Facts.human(slow) + ").",
                "A slow greeting is usually deliberate (a greet pause or tarpit against spam bots, greylisting)"
                        + " or a sign of trouble: the server waits for a reverse-DNS lookup of the client that"
                        + " times out, or it is overloaded. Impatient clients give up.",
                "On your own server, check that its DNS resolver answers quickly (reverse lookups of clients),"
                        + " its load, and any greet-delay setting (e.g. Postfix postscreen_greet_wait).");
    }

    private static Hint unexpectedGreeting(Facts f, Failure failure) {
        // What was asked for (or the port's or name's protocol), not what the line looked like.
        ProbeRequest request = f.result().request();
        Protocol expected = request.protocol() != null
                ? request.protocol()
                : WellKnownPorts.protocolOf(f.port())
                        .or(() -> WellKnownPorts.protocolOfHost(f.host()))
                        .orElse(null);
        String evidence = failure.evidence();
        Optional<Protocol> seen = evidence == null ? Optional.empty() : GreetingDetector.detect(evidence);
        if (seen.isPresent() && seen.get() == expected) {
            seen = Optional.empty();
        }
        String summary = "The first line from " + f.where() + " " + GreetingDetector.mismatch(expected, seen) + ".";
        if (seen.isPresent()) {
            Protocol other = seen.get();
            return error(
                    HintCode.UNEXPECTED_GREETING,
                    summary,
                    "The port speaks " + other.displayName() + ", not "
                            + (expected == null ? "the protocol asked for" : expected.displayName())
                            + ": the protocol was mistyped, or another mail service listens on port " + f.port() + ".",
                    "Probe it as " + other.id() + " if " + other.displayName() + " is what you meant; otherwise"
                            + " check which service should listen on port " + f.port() + ".");
        }
        return error(
                HintCode.UNEXPECTED_GREETING,
                summary,
                "Another service (a web server, SSH, a proxy) may listen on this port.",
                "Check which service listens on port " + f.port()
                        + "; if it is another mail protocol, probe it as that one (smtp, imap or pop3).");
    }

    /** A greeting in the right protocol that never reaches its last line: not another service. */
    private static Hint endlessGreeting(Facts f) {
        boolean smtp = f.protocol() == Protocol.SMTP;
        return error(
                HintCode.ENDLESS_GREETING,
                "The " + f.service() + " greeting from " + f.where() + " never ends"
                        + (smtp ? ": only 220- continuation lines, no final 220 line." : "."),
                (smtp
                                ? "An SMTP greeting is one reply whose lines start 220- until a last line starting"
                                        + " 220 and a space (RFC 5321 §4.2.1). "
                                : "")
                        + "This server sent more than " + Session.MAX_REPLY_LINES
                        + " lines without that end, so no client ever gets its turn: a broken banner setting,"
                        + " a tarpit that stalls clients on purpose, or a proxy looping. It speaks "
                        + f.service() + "; it just never finishes.",
                "Check the greeting (banner) setting of the server, e.g. Postfix smtpd_banner, for a text that"
                        + " repeats or never ends, and any proxy or anti-spam delay in front of it.");
    }

    private static Hint protocolError(Facts f, Failure failure) {
        return error(
                HintCode.PROTOCOL_ERROR,
                f.where() + " broke off the conversation during "
                        + failure.phase().key() + ": " + failure.code().meaning() + ".",
                "The server did not follow the " + f.service() + " protocol to the end: " + failure.message() + ".",
                "Compare with a manual session (the command at the end) and read the server's log at the time"
                        + " of this probe.");
    }

    private static Hint plaintextOnTlsPort(Facts f) {
        TryCommand starttls = f.tryCommand(f.port(), Transport.STARTTLS);
        return error(
                        HintCode.PLAINTEXT_ON_TLS_PORT,
                        "Port " + f.port() + " on " + f.host() + " speaks plaintext, not implicit TLS.",
                        "The TLS handshake was answered with a plaintext " + f.service()
                                + " greeting: this port expects"
                                + " the client to start in plaintext and upgrade with " + f.starttlsWord()
                                + " if offered. A client set to SSL/TLS fails here.",
                        "try: " + starttls.in(TryCommand.Form.CLI)
                                + "; or, if this port should speak implicit TLS, turn on TLS from the first byte (wrapper"
                                + " mode) for it on the server.")
                .suggesting(starttls);
    }

    private static Hint tlsOnPlaintextPort(Facts f) {
        TryCommand tls = f.tryCommand(f.port(), Transport.TLS);
        return error(
                        HintCode.TLS_ON_PLAINTEXT_PORT,
                        "Port " + f.port() + " on " + f.host() + " speaks implicit TLS, not a plaintext greeting.",
                        "No plaintext greeting came, but a TLS handshake on a second connection succeeded: the port"
                                + " expects TLS from the first byte. A client set to " + f.starttlsWord()
                                + " or to no encryption waits and times out here.",
                        "try: " + tls.in(TryCommand.Form.CLI) + "; and set mail clients to SSL/TLS for port " + f.port()
                                + ".")
                .suggesting(tls);
    }
}
