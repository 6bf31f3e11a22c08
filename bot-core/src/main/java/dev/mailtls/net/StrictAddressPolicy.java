package dev.mailtls.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Denies loopback, private, link-local, CGNAT, ULA, multicast and the like, IPv4-mapped forms too. */
final class StrictAddressPolicy implements AddressPolicy {
    /** The ranges no public mail server lives in, with the name a refusal gives. */
    private static final List<Named> BUILT_IN = List.of(
            named("0.0.0.0/8", "an unspecified (\"this network\") address"),
            named("10.0.0.0/8", "a private (RFC 1918) address"),
            named("100.64.0.0/10", "a carrier-grade NAT (RFC 6598) address"),
            named("127.0.0.0/8", "a loopback address"),
            named("169.254.0.0/16", "a link-local address (incl. cloud metadata 169.254.169.254)"),
            named("172.16.0.0/12", "a private (RFC 1918) address"),
            named("192.0.0.0/24", "an IETF protocol assignment address"),
            named("192.168.0.0/16", "a private (RFC 1918) address"),
            named("198.18.0.0/15", "a benchmarking address"),
            named("224.0.0.0/4", "a multicast address"),
            named("240.0.0.0/4", "a reserved or broadcast address"),
            named("::/128", "the unspecified address"),
            named("::1/128", "a loopback address"),
            named("fc00::/7", "a unique local (ULA) address"),
            named("fe80::/10", "a link-local address"),
            named("ff00::/8", "a multicast address"),
            named("64:ff9b:1::/48", "a local NAT64 address"));

    private record Named(Cidr block, String what) {}

    private final List<Cidr> allow;
    private final List<Cidr> deny;
    private final Set<Integer> ports;

    StrictAddressPolicy(List<Cidr> allow, List<Cidr> deny, Set<Integer> ports) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
        this.ports = Set.copyOf(ports);
    }

    private static Named named(String cidr, String what) {
        return new Named(Cidr.parse(cidr), what);
    }

    @Override
    public Optional<String> refusal(InetAddress address, int port) {
        if (!ports.contains(port)) {
            return Optional.of("port " + port + " is not in the allowed ports " + new TreeSet<>(ports));
        }
        InetAddress a = embeddedIpv4(address);
        String shown = address.getHostAddress() + (a == address ? "" : " (" + a.getHostAddress() + ")");
        for (Cidr c : allow) {
            if (c.contains(a) || c.contains(address)) {
                return Optional.empty();
            }
        }
        for (Cidr c : deny) {
            if (c.contains(a) || c.contains(address)) {
                return Optional.of(shown + " is in a range the operator denies (" + c + ")");
            }
        }
        for (Named n : BUILT_IN) {
            if (n.block().contains(a)) {
                return Optional.of(shown + " is " + n.what());
            }
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible ({@code
     * ::a.b.c.d}), NAT64 ({@code 64:ff9b::/96}) or 6to4 ({@code 2002::/16}) IPv6 address, so the
     * same IPv4 rules apply to it; else the address itself.
     */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) {
            zero80 &= b[i] == 0;
        }
        try {
            if (zero80
                    && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff)
                            || (b[10] == 0 && b[11] == 0 && !isZeroOrOne(b)))) {
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
            for (int i = 4; i < 12 && nat64; i++) {
                nat64 = b[i] == 0;
            }
            if (nat64) {
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
            }
        } catch (UnknownHostException e) {
            // Four bytes always make an address.
        }
        return address;
    }

    /** :: and ::1 are themselves, not IPv4-compatible forms. */
    private static boolean isZeroOrOne(byte[] b) {
        for (int i = 12; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 0 || b[15] == 1;
    }
}
