package dev.mailtls.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 address carried inside an IPv6 one, and the form that carries it. Every form that can
 * lead a connection to an IPv4 host is decoded, so the IPv4 rules apply to it too.
 *
 * @param form how it is embedded, e.g. "IPv4-mapped"
 */
record EmbeddedIpv4(Inet4Address address, String form) {

    /** Every IPv4 address embedded in the address; empty for an IPv4 address or a plain IPv6 one. */
    static List<EmbeddedIpv4> in(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return List.of();
        }
        byte[] b = address.getAddress();
        List<EmbeddedIpv4> out = new ArrayList<>(2);
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d is the IPv4 host itself on a dual-stack socket.
            out.add(at(b, 12, "IPv4-mapped"));
        } else if (zero(b, 0, 12) && !(zero(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
            // RFC 4291 §2.5.5.1 (deprecated): ::a.b.c.d; :: and ::1 are themselves.
            out.add(at(b, 12, "IPv4-compatible"));
        } else if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)) {
            // RFC 2765 §2.1: SIIT's IPv4-translated ::ffff:0:a.b.c.d.
            out.add(at(b, 12, "IPv4-translated (SIIT)"));
        } else if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && zero(b, 4, 12)) {
            // RFC 6052 §2.1: the well-known NAT64 prefix 64:ff9b::/96.
            out.add(at(b, 12, "NAT64"));
        } else if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && b[4] == 0 && b[5] == 1) {
            // RFC 8215's local-use 64:ff9b:1::/48: the /96 layout many translators use inside it
            // when the middle is zero, else RFC 6052 §2.2's /48 layout (octet 8 is "u").
            out.add(
                    zero(b, 6, 12)
                            ? at(b, 12, "local-use NAT64")
                            : ipv4(new byte[] {b[6], b[7], b[9], b[10]}, "local-use NAT64"));
        } else if (prefix(b, 0x20, 0x02)) {
            // RFC 3056 §2: 2002:AABB:CCDD::/48 names the IPv4 gateway a.b.c.d.
            out.add(at(b, 2, "6to4"));
        } else if (prefix(b, 0x20, 0x01, 0x00, 0x00)) {
            // RFC 4380 §4: 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, the server in clear and the
            // client's public address with every bit inverted.
            out.add(at(b, 4, "Teredo server"));
            out.add(ipv4(new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]}, "Teredo client"));
        }
        if ((b[8] & 0xfc) == 0 && b[9] == 0 && (b[10] & 0xff) == 0x5e && (b[11] & 0xff) == 0xfe) {
            // RFC 5214 §6.1: an ISATAP interface identifier ::0:5efe:a.b.c.d or ::200:5efe:a.b.c.d
            // (u/l and g bits in the first octet) under any prefix, a 6to4 or Teredo one included.
            out.add(at(b, 12, "ISATAP"));
        }
        return List.copyOf(out);
    }

    /** {@code 127.0.0.1, Teredo client}. */
    String describe() {
        return address.getHostAddress() + ", " + form;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean prefix(byte[] b, int... octets) {
        for (int i = 0; i < octets.length; i++) {
            if ((b[i] & 0xff) != octets[i]) {
                return false;
            }
        }
        return true;
    }

    private static EmbeddedIpv4 at(byte[] b, int offset, String form) {
        return ipv4(new byte[] {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]}, form);
    }

    private static EmbeddedIpv4 ipv4(byte[] four, String form) {
        try {
            return new EmbeddedIpv4((Inet4Address) InetAddress.getByAddress(four), form);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
