package dev.mailtls.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** An address block such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
public record Cidr(InetAddress network, int prefix) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException(
                    "prefix must be 0-" + bits + " for " + network.getHostAddress() + ", was " + prefix);
        }
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code x:y::/n}, or a single address (a /32 or /128). Only address
     * literals are accepted: a name here would mean a DNS lookup.
     */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.contains(":") && !addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException(
                    "not an IP address block: '" + text + "' (expected e.g. 10.1.0.0/16 or fd00::/8)");
        }
        try {
            InetAddress network = InetAddress.getByName(addr);
            int bits = network.getAddress().length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
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
