package dev.mailtls.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The DNS server a domain check asks instead of the system's: the {@code --dns HOST[:PORT]} and
 * {@code MAILTLS_DNS_SERVER} value. The host is an IPv4 address, an IPv6 address (in brackets when
 * a port follows: {@code [::1]:5353}) or a host name; the port defaults to 53.
 *
 * @param host the address or name, without brackets
 */
public record DnsServer(String host, int port) {

    /** The DNS port (RFC 1035 §4.2). */
    public static final int DEFAULT_PORT = 53;

    private static final Pattern HOST_NAME =
            Pattern.compile("(?i)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\\.?");
    private static final Pattern DOTTED = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("(?i)[0-9a-f:.]+(%[a-z0-9_.-]+)?");

    public DnsServer {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("DNS server port must be 1-65535: " + port);
        }
        if (!(isIpv6(host) || HOST_NAME.matcher(host).matches()) || host.length() > 253) {
            throw new IllegalArgumentException("not a DNS server address or name: \"" + host + "\"");
        }
        if (DOTTED.matcher(host).matches()
                && !Arrays.stream(host.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255)) {
            throw new IllegalArgumentException("not an IPv4 address: \"" + host + "\"");
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code HOST}, {@code HOST:PORT}, {@code [IPV6]} or {@code [IPV6]:PORT}; a bare IPv6
     * address ({@code ::1}) is read without a port.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static DnsServer parse(String text) {
        Objects.requireNonNull(text, "text");
        String value = text.strip();
        try {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            if (value.startsWith("[")) {
                int close = value.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("no closing ] after the IPv6 address");
                }
                String address = value.substring(1, close);
                if (!isIpv6(address)) {
                    throw new IllegalArgumentException("\"" + address + "\" in brackets is not an IPv6 address");
                }
                String rest = value.substring(close + 1);
                if (rest.isEmpty()) {
                    return new DnsServer(address, DEFAULT_PORT);
                }
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected :PORT after ]");
                }
                return new DnsServer(address, port(rest.substring(1)));
            }
            int colon = value.indexOf(':');
            if (colon < 0) {
                return new DnsServer(value, DEFAULT_PORT);
            }
            if (value.indexOf(':', colon + 1) >= 0) {
                if (!isIpv6(value)) {
                    throw new IllegalArgumentException("an IPv6 address with a port goes in brackets: [ADDRESS]:PORT");
                }
                return new DnsServer(value, DEFAULT_PORT);
            }
            return new DnsServer(value.substring(0, colon), port(value.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "bad DNS server \"" + text + "\" (expected HOST[:PORT]): " + e.getMessage(), e);
        }
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the port must be a number 1-65535: \"" + text + "\"");
        }
        return Integer.parseInt(text);
    }

    private static boolean isIpv6(String host) {
        return host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
    }

    /** Whether {@link #host()} is an address rather than a name that needs resolving. */
    public boolean isAddress() {
        return isIpv6(host) || DOTTED.matcher(host).matches();
    }

    /** {@code 127.0.0.1:5353}, {@code [::1]:53}: how messages name the server. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
