package dev.mailtls.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which server a connection goes to, for the connection budget: the address, and the network it
 * sits in (IPv4 /24, IPv6 /64), however the address was spelled. An IPv4 address embedded in an
 * IPv6 one counts as that IPv4 address, because the connection ends at the same server.
 *
 * @param address the address as text, IPv4 for the embedding forms, without an IPv6 zone
 * @param network the /24 or /64 around it, e.g. {@code 192.0.2.0/24}
 */
record AddressKey(String address, String network) {

    static AddressKey of(InetAddress a) {
        byte[] b = a.getAddress();
        byte[] v4 = b.length == 16 ? embeddedIpv4(b) : b;
        if (v4 != null) {
            String text = (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
            return new AddressKey(text, (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + ".0/24");
        }
        byte[] prefix = Arrays.copyOf(b, 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        return new AddressKey(v6(b), v6(prefix) + "/64");
    }

    /**
     * The IPv4 address in the last 32 bits of the IPv6 forms that carry one to the same server, or
     * null. RFC 4291 §2.5.5.2 IPv4-mapped {@code ::ffff:0:0/96}; §2.5.5.1 IPv4-compatible {@code
     * ::/96} (deprecated, but still routable on some stacks) except {@code ::} and {@code ::1};
     * RFC 2765 §2.1 IPv4-translated {@code ::ffff:0:0:0/96}; RFC 6052 §2.1 the NAT64 well-known
     * prefix {@code 64:ff9b::/96}, whose translator connects to the embedded IPv4 address.
     */
    private static byte[] embeddedIpv4(byte[] b) {
        byte[] last = Arrays.copyOfRange(b, 12, 16);
        boolean zeros0to7 = allZero(b, 0, 8);
        boolean mapped = zeros0to7 && allZero(b, 8, 10) && (b[10] & b[11] & 0xff) == 0xff;
        boolean translated = zeros0to7 && (b[8] & b[9] & 0xff) == 0xff && allZero(b, 10, 12);
        boolean compatible = zeros0to7 && allZero(b, 8, 12) && !(allZero(b, 12, 15) && (b[15] & 0xfe) == 0);
        boolean nat64 =
                b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        return mapped || translated || compatible || nat64 ? last : null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String v6(byte[] sixteen) {
        try {
            // Without a zone: fe80::1%eth0 and fe80::1%eth1 are keyed alike (the safe side).
            return "[" + InetAddress.getByAddress(sixteen).getHostAddress() + "]";
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + Arrays.toString(sixteen), e);
        }
    }
}
