package dev.mailtls.endpoint;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Host, port, protocol and transport, normalised. The protocol is {@code null} only when it could
 * not be inferred from the port or host and the server never greeted; the transport only when
 * "auto" on an unknown port ended before the port showed which one it speaks.
 */
public record Target(
        String host,
        int port,
        @Nullable Protocol protocol,
        @Nullable Transport transport) {

    /** An IPv4 dotted quad, compiled once: every probe asks (String.matches compiled it each time). */
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    public Target {
        Objects.requireNonNull(host, "host");
        host = normaliseHost(host);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }

    /** Lower-cases a host name, strips a trailing dot and the brackets of an IPv6 literal. */
    public static String normaliseHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** True for an IPv4 or IPv6 address literal rather than a name. */
    public boolean hostIsIpLiteral() {
        return isIpLiteral(host);
    }

    /** True for an IPv4 dotted quad or an IPv6 literal (which has colons). */
    public static boolean isIpLiteral(String host) {
        return host.contains(":") || DOTTED_QUAD.matcher(host).matches();
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
