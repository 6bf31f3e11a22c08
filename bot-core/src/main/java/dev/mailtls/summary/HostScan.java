package dev.mailtls.summary;

import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import java.util.List;

/**
 * An ad-hoc group of one host's standard mail ports (the seed's nmap mode, without nmap): SMTP on
 * 25, 465 and 587, IMAP on 143 and 993, POP3 on 110 and 995, each with the transport its port
 * implies (RFC 8314: implicit TLS on 465, 993 and 995; STARTTLS elsewhere).
 */
public final class HostScan {
    /** The ports a scan probes, in the order its matrix shows them. */
    public static final List<Integer> PORTS = List.of(25, 465, 587, 143, 993, 110, 995);

    private static final int MAX_GROUP_NAME = 64;

    private HostScan() {}

    /**
     * The scan group of {@code host}, named {@code scan-<host>}.
     *
     * @param host a host name or IP address, validated by the shared grammar (no port, no options)
     * @throws UsageException when {@code host} is not one valid host name or address
     */
    public static TargetGroup of(String host) throws UsageException {
        String h = host == null ? "" : host.strip();
        if (h.isEmpty()) {
            throw new UsageException("missing host: scan <host>, e.g. scan mail.example.com");
        }
        if (h.split("\\s+").length > 1) {
            throw new UsageException("scan takes one host name, without a port or options: it probes "
                    + PORTS.stream()
                            .map(String::valueOf)
                            .reduce((a, b) -> a + ", " + b)
                            .orElseThrow());
        }
        // The grammar validates and normalises the host; the port word keeps host:port out.
        ProbeCommand parsed = CommandParser.parse(List.of(h, "25"));
        String normal = parsed.host();
        List<String> targets = PORTS.stream().map(p -> target(normal, p)).toList();
        return new TargetGroup(groupName(normal), targets);
    }

    /** {@code mail.example.com 587 starttls smtp}: the port's protocol and transport spelled out. */
    static String target(String host, int port) {
        Protocol protocol = WellKnownPorts.protocolOf(port).orElseThrow();
        Transport transport = WellKnownPorts.transportOf(port).orElseThrow();
        String h = host.contains(":") ? "[" + host + "]" : host;
        return h + " " + port + " " + transport.id() + " " + protocol.id();
    }

    /** {@code scan-<host>} within the group-name alphabet (an IPv6 literal's colons become dashes). */
    static String groupName(String host) {
        String name = "scan-" + host.replaceAll("[^A-Za-z0-9._-]", "-");
        return name.length() <= MAX_GROUP_NAME ? name : name.substring(0, MAX_GROUP_NAME);
    }
}
