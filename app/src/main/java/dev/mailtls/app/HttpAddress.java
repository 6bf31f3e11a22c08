package dev.mailtls.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where the server listens: {@code host:port}, {@code [v6]:port}, or {@code :port} for every
 * interface.
 *
 * @param host a name, an IPv4 literal, or an IPv6 literal without brackets
 * @param port 0-65535 (0 picks a free port)
 */
record HttpAddress(String host, int port) {
    /** The wildcard {@code :port} listens on: every interface, IPv4 and (dual-stack) IPv6. */
    static final String ALL_INTERFACES = "0.0.0.0";

    static final HttpAddress DEFAULT = new HttpAddress("127.0.0.1", 8080);

    HttpAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port} or {@code :port}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    static HttpAddress parse(String text) {
        String t = text.strip();
        String hint = "expected host:port, [v6]:port or :port (e.g. 127.0.0.1:8080 or :8080), was '" + text + "'";
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(hint);
        }
        String host = t.substring(0, colon);
        String portText = t.substring(colon + 1);
        if (!portText.matches("\\d{1,5}")) {
            throw new IllegalArgumentException(hint);
        }
        int port = Integer.parseInt(portText);
        if (port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535 in '" + text + "'");
        }
        if (host.isEmpty()) {
            return new HttpAddress(ALL_INTERFACES, port);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            String v6 = host.substring(1, host.length() - 1);
            if (!v6.contains(":") || !v6.matches("[0-9A-Fa-f:.]+") || !isLiteral(v6)) {
                throw new IllegalArgumentException("not an IPv6 address in brackets: '" + text + "'");
            }
            return new HttpAddress(v6.toLowerCase(Locale.ROOT), port);
        }
        if (host.contains(":")) {
            throw new IllegalArgumentException("put an IPv6 address in brackets, e.g. [::1]:8080, was '" + text + "'");
        }
        if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("not a host name or IPv4 address: '" + text + "'");
        }
        return new HttpAddress(host.toLowerCase(Locale.ROOT), port);
    }

    private static boolean isLiteral(String v6) {
        try {
            // A literal with colons is parsed, never looked up.
            InetAddress.getByName(v6);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** True for 0.0.0.0 and ::, which listen on every interface. */
    boolean isWildcard() {
        return host.equals(ALL_INTERFACES) || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    /** The address a local client uses to reach this listener: the wildcards become 127.0.0.1. */
    HttpAddress forLocalClient() {
        return isWildcard() ? new HttpAddress("127.0.0.1", port) : this;
    }

    /** {@code http://host:port} (brackets around an IPv6 literal), with the given port. */
    String url(int actualPort) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + actualPort;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
