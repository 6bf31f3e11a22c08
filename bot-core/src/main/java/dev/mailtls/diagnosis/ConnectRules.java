package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.Hints.error;

import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.text.HumanTime;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.Phase;
import java.util.List;

/** Resolve and connect: the name, the route and the port, before any byte of mail protocol. */
final class ConnectRules implements Rules {

    @Override
    public List<Hint> diagnose(Facts f) {
        Failure failure = f.result().failure();
        if (failure == null) {
            return List.of();
        }
        Hint hint = switch (failure.code()) {
            case DNS_NOT_FOUND -> dnsNotFound(f);
            case DNS_ERROR -> dnsFailed(f);
            case CONNECT_REFUSED -> refused(f);
            case CONNECT_TIMEOUT -> timedOut(f);
            case CONNECT_UNREACHABLE -> unreachable(f);
            case CONNECT_ERROR -> connectFailed(f, failure);
            case ADDRESS_DENIED ->
                error(
                        HintCode.ADDRESS_DENIED,
                        "This mailtls does not probe " + f.target().hostPort() + ": " + failure.message() + ".",
                        "The service's address policy keeps probes away from private, loopback, link-local and other"
                                + " internal addresses and from ports other than the mail ports, so it cannot be used to"
                                + " reach internal systems.",
                        "Probe a public mail server, or ask the operator of this service to allow the address or"
                                + " port; the CLI (mailtls probe) has no such limit.");
            case DEADLINE_EXCEEDED -> deadline(f, failure);
            default -> null;
        };
        return hint == null ? List.of() : List.of(hint);
    }

    private static Hint dnsNotFound(Facts f) {
        return error(
                HintCode.DNS_NOT_FOUND,
                f.host() + " does not exist in DNS.",
                "The name has no A or AAAA record (the DNS answered that it does not exist), so there is no"
                        + " address to connect to.",
                "Check the spelling of " + f.host() + " and its DNS records: dig +short A " + f.host()
                        + " and dig +short AAAA " + f.host() + ".");
    }

    private static Hint dnsFailed(Facts f) {
        return error(
                HintCode.DNS_FAILED,
                f.host() + " could not be resolved.",
                "The DNS lookup failed or timed out. That is not the same as the name not existing: the"
                        + " domain's name servers did not give an answer.",
                "Retry; if it persists, check the domain's name servers (dig +trace " + f.host()
                        + ") and its DNSSEC signatures.");
    }

    private static Hint refused(Facts f) {
        return error(
                HintCode.CONNECT_REFUSED,
                "Port " + f.port() + " on " + f.host() + f.addressNote() + " is closed: the connection was refused.",
                "The host answered, but nothing listens on this port, or a firewall actively rejects the"
                        + " connection.",
                "Check that the " + f.service() + " service runs and listens on port " + f.port()
                        + " on this address (ss -ltnp on the server), and that the port number is the right one.");
    }

    private static Hint timedOut(Facts f) {
        String waited = Facts.human(f.result().request().options().connectTimeout());
        String port25 = f.port() == 25
                ? " Many ISPs and cloud providers block outgoing connections to port 25, so also try from"
                        + " another network."
                : "";
        return error(
                HintCode.CONNECT_TIMEOUT,
                "No answer from " + f.where() + " in " + waited + ": the port looks filtered by a firewall.",
                "The connection attempt got no reply at all: a firewall drops packets to this port, or the host"
                        + " is down." + port25,
                "Check the firewall rules for port " + f.port()
                        + " (on the host, the network and any cloud security group) and that the host is up.");
    }

    private static Hint unreachable(Facts f) {
        return error(
                HintCode.CONNECT_UNREACHABLE,
                f.host() + f.addressNote() + " is unreachable from here.",
                "The network reported no route to the host. A name with IPv6 addresses probed from a place"
                        + " without IPv6 connectivity is a common cause.",
                "Check the host's addresses and the routing to them; if the name has AAAA records, check that"
                        + " IPv6 works from here and on the server.");
    }

    private static Hint connectFailed(Facts f, Failure failure) {
        return error(
                HintCode.CONNECT_FAILED,
                "The connection to " + f.where() + " failed.",
                "The TCP connection could not be set up: " + failure.message() + ".",
                "Retry, and check the address and the network path to " + f.host() + ".");
    }

    /**
     * Implicit TLS where the ClientHello met silence: nothing was slow, nothing answered. What was seen
     * is the whole story; blaming slowness would send people the wrong way.
     */
    private static Hint silentClientHello(Facts f, String budget) {
        Long waitedMs = f.result().timings().get(Phase.HANDSHAKE);
        String waited = waitedMs == null ? budget : HumanTime.of(waitedMs);
        return error(
                HintCode.DEADLINE_EXCEEDED,
                "Connected to " + f.where() + f.addressNote() + " and sent the TLS ClientHello, but no TLS answer"
                        + " came in " + waited + ".",
                "A server that speaks implicit TLS answers the ClientHello at once. This one stayed silent until"
                        + " the probe's deadline (" + budget + "), so it may not speak TLS on this port: a"
                        + " " + f.starttlsWord() + " or plaintext port, a service that waits for something else,"
                        + " or a proxy or firewall that accepts connections with nothing behind it.",
                "Probe port " + f.port() + " with starttls or plain to see what it speaks; if it should speak"
                        + " implicit TLS, check that the " + f.service() + " service behind it runs with TLS"
                        + " enabled on this port.");
    }

    private static Hint deadline(Facts f, Failure failure) {
        String budget = Facts.human(f.result().request().options().deadline());
        if (failure.phase() == Phase.HANDSHAKE
                && f.transport() == Transport.TLS
                && f.result().tls() == null) {
            return silentClientHello(f, budget);
        }
        return error(
                HintCode.DEADLINE_EXCEEDED,
                "The probe of " + f.where() + " ran out of time (" + budget + ") during "
                        + failure.phase().key() + ".",
                "The server answered too slowly for the whole probe to finish: a tarpit, an overloaded server or"
                        + " a very slow network.",
                "Retry with a longer deadline (--timeout 30s); if it stays slow, check the server's load and"
                        + " its DNS lookups of connecting clients.");
    }
}
