package dev.mailtls.target;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a probe talks to: host, port, protocol and transport, normalised.
 *
 * @param host a lower-case host name without a trailing dot, or an IP literal without brackets
 * @param protocol null when it is not known (e.g. no greeting was ever read)
 */
public record Target(String host, int port, @Nullable Protocol protocol, Transport transport) {

    public Target {
        host = normaliseHost(Objects.requireNonNull(host, "host"));
        Objects.requireNonNull(transport, "transport");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }

    /** Lower case, no surrounding whitespace, no trailing dot, no IPv6 brackets. */
    public static String normaliseHost(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** Whether the host is an IPv4 or IPv6 literal rather than a name. */
    public boolean hostIsIpLiteral() {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
