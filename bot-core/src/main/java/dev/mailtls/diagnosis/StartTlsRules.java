package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.Hints.error;
import static dev.mailtls.diagnosis.Hints.info;
import static dev.mailtls.diagnosis.Hints.ok;
import static dev.mailtls.diagnosis.Hints.warning;

import dev.mailtls.command.TryCommand;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.probe.CommandInjectionCheck;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.tls.TlsOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** How the session got (or did not get) encrypted: STARTTLS, implicit TLS, or plaintext. */
final class StartTlsRules implements Rules {

    @Override
    public List<Hint> diagnose(Facts f) {
        List<Hint> hints = new ArrayList<>();
        ProbeResult r = f.result();
        StartTlsOutcome st = r.starttls();
        TlsOutcome tls = r.tls();
        if (f.transport() == Transport.STARTTLS) {
            if (f.failedWith(FailureCode.STARTTLS_NOT_OFFERED) || (st != null && !st.offered() && !st.accepted())) {
                hints.add(notOffered(f, st));
            } else if (f.failedWith(FailureCode.STARTTLS_REFUSED) || (st != null && !st.accepted())) {
                hints.add(refused(f, st));
            } else if (st != null && !st.offered() && tls != null && !handshakeFailed(r)) {
                // "Works" only when TLS completed; a failed handshake is TlsRules' to explain.
                hints.add(notAdvertisedButWorks(f));
            }
            if (st != null && st.injectedBytes() != null) {
                hints.add(injection(f));
            }
            if (st != null
                    && st.commandInjection() != null
                    && st.commandInjection().outcome() == CommandInjectionCheck.Outcome.EXECUTED) {
                hints.add(commandInjection(f, st.commandInjection()));
            }
            if (st != null
                    && st.accepted()
                    && st.offered()
                    && st.injectedBytes() == null
                    && tls != null
                    && !handshakeFailed(r)) {
                hints.add(starttlsOk(f, tls));
            }
            if (f.greeted() && offersImplicitTlsElsewhere(f)) {
                hints.add(implicitTlsAvailable(f));
            }
        } else if (f.transport() == Transport.TLS && tls != null && !handshakeFailed(r)) {
            hints.add(ok(
                    HintCode.IMPLICIT_TLS_OK,
                    "Implicit TLS works: the " + tls.version() + " handshake is the first thing on " + f.where() + ".",
                    "Nothing is ever sent unencrypted on this port, which is what RFC 8314 recommends for mail"
                            + " clients."));
        } else if (f.transport() == Transport.PLAIN && f.greeted()) {
            hints.add(plaintextOnly(f));
        }
        return hints;
    }

    /** A handshake that failed, even after the server's certificate was seen. */
    private static boolean handshakeFailed(ProbeResult r) {
        return r.failure() != null && r.failure().phase() == Phase.HANDSHAKE;
    }

    private static Hint notOffered(Facts f, @Nullable StartTlsOutcome st) {
        String refused = st != null && st.answer() == StartTlsOutcome.Answer.REFUSED
                ? ", and the command was refused" + Facts.replyCodeNote(st.reply())
                : "";
        String whoSuffers = f.protocol() == Protocol.SMTP && f.port() == 25
                ? "Other mail servers deliver to it in plaintext, readable and alterable by anyone on the path."
                : "Mail clients can only log in and read mail in plaintext here, passwords included.";
        return error(
                HintCode.STARTTLS_NOT_OFFERED,
                f.where() + " does not offer " + f.starttlsWord() + ": the session cannot be encrypted.",
                "The capability list has no " + f.starttlsWord() + refused + ". " + whoSuffers,
                "Enable " + f.starttlsWord() + " on the server with a certificate for " + f.host()
                        + " (Postfix: smtpd_tls_security_level = may with smtpd_tls_chain_files; Dovecot: ssl = yes"
                        + " with ssl_cert and ssl_key).");
    }

    private static Hint refused(Facts f, @Nullable StartTlsOutcome st) {
        boolean silent = st != null && st.answer() == StartTlsOutcome.Answer.NO_ANSWER;
        String answer = silent
                ? " but gave no answer to the command."
                : " but refused the command" + Facts.replyCodeNote(st == null ? null : st.reply()) + ".";
        return error(
                HintCode.STARTTLS_REFUSED,
                f.where() + " advertises " + f.starttlsWord() + answer,
                "The server lists the upgrade, then cannot perform it: its TLS setup is broken (454 4.7.0 \"TLS"
                        + " not available\" is typical), usually a certificate or key file that is missing,"
                        + " unreadable, or does not match, or a TLS library error.",
                "Read the server's log at the time of this probe for TLS errors, and check that the certificate"
                        + " and key exist, match each other and are readable by the mail service.");
    }

    private static Hint notAdvertisedButWorks(Facts f) {
        return warning(
                HintCode.STARTTLS_NOT_ADVERTISED_BUT_WORKS,
                f.where() + " accepts " + f.starttlsWord() + " but does not advertise it.",
                "Clients and other servers only try the upgrade when the capability list shows it, so in practice"
                        + " they stay in plaintext. For SMTP, a firewall's SMTP inspection (such as Cisco"
                        + " ESMTP inspection) that strips STARTTLS from EHLO is a common cause.",
                "Make the server advertise " + f.starttlsWord()
                        + ", and turn off any SMTP inspection/fixup between clients and the server.");
    }

    private static Hint injection(Facts f) {
        return error(
                HintCode.STARTTLS_INJECTION,
                f.where() + " sent data after its " + f.starttlsWord() + " go-ahead, before the TLS handshake.",
                "In TLS the client speaks first, so any byte from the server between its go-ahead and the"
                        + " handshake (shown in the transcript) is out of place. A client that keeps such bytes"
                        + " reads them as if they had come over TLS: this is STARTTLS response injection, how a"
                        + " man-in-the-middle fakes server replies (the NO STARTTLS study, USENIX Security 2021)."
                        + " It is not CVE-2011-0411, the opposite direction (a server executing commands pipelined"
                        + " after STARTTLS). A broken server or a middlebox that tampers with the session sends"
                        + " such bytes.",
                "Update the mail server software, and check for proxies or firewalls between clients and the"
                        + " server that rewrite the session.");
    }

    private static Hint commandInjection(Facts f, CommandInjectionCheck check) {
        return error(
                HintCode.STARTTLS_COMMAND_INJECTION,
                f.where() + " executes commands pipelined in plaintext after STARTTLS inside TLS (CVE-2011-0411).",
                "A further connection sent STARTTLS and NOOP in one write; " + check.detail() + ". A"
                        + " man-in-the-middle who appends commands to a client's plaintext STARTTLS has them run"
                        + " as if the client had sent them over TLS (STARTTLS command injection: CVE-2011-0411 in"
                        + " Postfix, CVE-2021-33515 in Dovecot's submission service). RFC 3207 §4.2 requires the"
                        + " server to discard what came before TLS.",
                "Update the mail server software (Postfix fixed this in its March 2011 releases, 2.8.0 among"
                        + " them; Dovecot's submission service in 2.3.15), and check any SMTP proxy in front of it.");
    }

    private static Hint starttlsOk(Facts f, TlsOutcome tls) {
        boolean authBefore = CapabilityRules.offersLoginBeforeTls(f);
        return ok(
                HintCode.STARTTLS_OK,
                f.starttlsWord() + " is offered and works" + (authBefore ? "." : "; login is not offered before TLS."),
                "The upgrade to " + tls.version() + " succeeded on " + f.where() + ".");
    }

    /** A client port (587, 143, 110) whose protocol has an implicit-TLS port (RFC 8314). */
    private static boolean offersImplicitTlsElsewhere(Facts f) {
        Protocol p = f.protocol();
        return p != null && f.port() != 25 && f.port() == WellKnownPorts.defaultPort(p, Transport.STARTTLS);
    }

    private static Hint implicitTlsAvailable(Facts f) {
        int port = WellKnownPorts.defaultPort(Objects.requireNonNull(f.protocol()), Transport.TLS);
        TryCommand check = f.tryCommand(port, Transport.TLS);
        return info(
                        HintCode.IMPLICIT_TLS_AVAILABLE,
                        "RFC 8314 prefers implicit TLS: port " + port + " usually gives the same service.",
                        "With implicit TLS nothing is sent before encryption, so no one on the path can strip or tamper"
                                + " with the " + f.starttlsWord() + " upgrade.",
                        "Point mail clients at port " + port + " with SSL/TLS if the server offers it (check: "
                                + check.in(TryCommand.Form.CLI) + ").")
                .suggesting(check);
    }

    private static Hint plaintextOnly(Facts f) {
        boolean asked = f.result().request().transport() == Transport.PLAIN;
        boolean offered = f.advertisesStartTls(f.result().capabilitiesBeforeTls());
        String why = asked
                ? "You asked for a plaintext probe"
                        + (offered ? ", although the server offers " : ", and the server does not offer ")
                        + f.starttlsWord() + "."
                : "The server does not offer " + f.starttlsWord() + ", so the probe stayed in plaintext.";
        TryCommand upgrade = f.tryCommand(f.port(), Transport.STARTTLS);
        String fix = offered
                ? "Use the upgrade: " + upgrade.in(TryCommand.Form.CLI) + "; and make sure mail clients are set to "
                        + f.starttlsWord() + "."
                : "Enable " + f.starttlsWord() + " (or implicit TLS on its own port) on the server; until then,"
                        + " no client should send a password here.";
        Hint hint = warning(
                HintCode.PLAINTEXT_ONLY,
                "Nothing on " + f.where() + " is encrypted: the session stays in plaintext.",
                why + " Anyone on the path can read and change the mail and any password sent.",
                fix);
        return offered ? hint.suggesting(upgrade) : hint;
    }
}
