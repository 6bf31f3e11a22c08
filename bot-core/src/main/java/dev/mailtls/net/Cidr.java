package dev.mailtls.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/** An address block such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
public record Cidr(InetAddress network, int prefix) {
    // ASCII only, spelled out: the literal parser behind InetAddress accepts any Unicode digit.
    private static final Pattern IPV4_TEXT = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PREFIX_TEXT = Pattern.compile("[0-9]{1,3}");

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException(
                    "prefix must be 0-" + bits + " for " + network.getHostAddress() + ", was " + prefix);
        }
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code x:y::/n}, or a single address (a /32 or /128). Only ASCII
     * address literals are accepted: a name here would mean a DNS lookup, and the JDK's literal
     * parser would read {@code fd00::\uFF11} (a full-width digit) as {@code fd00::1}.
     */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        String prefixText = slash < 0 ? null : t.substring(slash + 1);
        boolean v6 = addr.contains(":");
        if (!(v6 ? IPV6_TEXT.matcher(addr).matches() : IPV4_TEXT.matcher(addr).matches())
                || prefixText != null && !PREFIX_TEXT.matcher(prefixText).matches()) {
            throw new IllegalArgumentException(
                    "not an IP address block: '" + text + "' (expected e.g. 10.1.0.0/16 or fd00::/8)");
        }
        try {
            InetAddress network = InetAddress.getByName(addr);
            if (v6 && network instanceof Inet4Address) {
                // The JDK turns ::ffff:a.b.c.d into an IPv4 address; the block is the IPv6 one written.
                byte[] b = new byte[16];
                b[10] = (byte) 0xff;
                b[11] = (byte) 0xff;
                System.arraycopy(network.getAddress(), 0, b, 12, 4);
                network = Inet6Address.getByAddress(null, b, null);
            }
            int bits = network.getAddress().length * 8;
            int prefix = prefixText == null ? bits : Integer.parseInt(prefixText);
            return new Cidr(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    "not an IP address block: '" + text + "' (expected e.g. 10.1.0.0/16 or fd00::/8)");
        }
    }

    /** Whether the address lies in this block (an IPv4 address never matches an IPv6 block). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
