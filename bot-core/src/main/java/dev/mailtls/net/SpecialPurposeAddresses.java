package dev.mailtls.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address blocks no public mail server lives in, transcribed from IANA's two special-purpose
 * registries (RFC 6890 defines them):
 *
 * <ul>
 *   <li>"IANA IPv4 Special-Purpose Address Registry" (iana-ipv4-special-registry), every entry up to
 *       192.0.0.170/32 and 192.0.0.171/32 (RFC 8880) and the deprecation of 192.88.99.0/24 (RFC
 *       7526);
 *   <li>"IANA IPv6 Special-Purpose Address Registry" (iana-ipv6-special-registry), every entry up to
 *       3fff::/20 (RFC 9637), 5f00::/16 (RFC 9602) and 100:0:0:1::/64 (RFC 9780).
 * </ul>
 *
 * An entry whose "Globally Reachable" column is False is denied; the more specific True entries
 * inside a False block (2001:1::1, 2001:3::/32, ... in 2001::/23) stay reachable, as the registry
 * says. A few blocks outside those registries are added, each with its source: multicast,
 * site-local {@code fec0::/10} (deprecated by RFC 3879), SIIT's IPv4-translated {@code
 * ::ffff:0:0:0/96} (RFC 2765), and everything IPv6 outside global unicast {@code 2000::/3} (IANA
 * IPv6 Address Space registry) that no reachable entry names.
 */
final class SpecialPurposeAddresses {

    /** How the registry's "Globally Reachable" column reads for a probe. */
    enum Reach {
        /** False: denied. */
        LOCAL,
        /** True: a public server could live there. */
        GLOBAL,
        /** An IPv6 spelling of an IPv4 address (mapped, NAT64, 6to4, Teredo): the IPv4 rules decide. */
        EMBEDS_IPV4
    }

    /**
     * One block.
     *
     * @param what the refusal's words, e.g. "a loopback address"
     */
    record Entry(Cidr block, Reach reach, String what) {
        boolean denied() {
            return reach == Reach.LOCAL;
        }
    }

    private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");

    /** Every block, in registry order (IPv4, then IPv6). */
    static final List<Entry> ALL = List.of(
            // IANA IPv4 Special-Purpose Address Registry.
            local("0.0.0.0/8", "an unspecified (\"this network\", RFC 791) address"),
            local("0.0.0.0/32", "the unspecified (\"this host on this network\", RFC 1122) address"),
            local("10.0.0.0/8", "a private (RFC 1918) address"),
            local("100.64.0.0/10", "a carrier-grade NAT (shared address space, RFC 6598) address"),
            local("127.0.0.0/8", "a loopback address"),
            local("169.254.0.0/16", "a link-local address (incl. cloud metadata 169.254.169.254)"),
            local("172.16.0.0/12", "a private (RFC 1918) address"),
            // The registry's footnote: 192.0.0.0/24 is not usable unless by a more specific
            // reservation; .9 and .10 are anycast for PCP and TURN, never a mail server: all denied.
            local("192.0.0.0/24", "an IETF protocol assignment (RFC 6890) address"),
            local("192.0.0.0/29", "an IPv4 service continuity (DS-Lite, RFC 7335) address"),
            local("192.0.0.8/32", "the IPv4 dummy address (RFC 7600)"),
            local("192.0.0.9/32", "the Port Control Protocol anycast address (RFC 7723)"),
            local("192.0.0.10/32", "the TURN anycast address (RFC 8155)"),
            local("192.0.0.170/32", "a NAT64/DNS64 discovery address (RFC 8880)"),
            local("192.0.0.171/32", "a NAT64/DNS64 discovery address (RFC 8880)"),
            local("192.0.2.0/24", "a documentation (TEST-NET-1, RFC 5737) address"),
            global("192.31.196.0/24", "an AS112 (RFC 7535) address"),
            global("192.52.193.0/24", "an AMT (RFC 7450) address"),
            local("192.88.99.0/24", "a deprecated 6to4 relay anycast (RFC 7526) address"),
            local("192.168.0.0/16", "a private (RFC 1918) address"),
            global("192.175.48.0/24", "an AS112 direct delegation (RFC 7534) address"),
            local("198.18.0.0/15", "a benchmarking (RFC 2544) address"),
            local("198.51.100.0/24", "a documentation (TEST-NET-2, RFC 5737) address"),
            local("203.0.113.0/24", "a documentation (TEST-NET-3, RFC 5737) address"),
            local("240.0.0.0/4", "a reserved (RFC 1112) address"),
            local("255.255.255.255/32", "the limited broadcast address (RFC 919)"),
            // IANA IPv4 Multicast Address Space Registry (RFC 5771).
            local("224.0.0.0/4", "a multicast address"),
            // IANA IPv6 Special-Purpose Address Registry.
            local("::1/128", "a loopback address"),
            local("::/128", "the unspecified address"),
            embeds("::ffff:0:0/96", "an IPv4-mapped address (RFC 4291)"),
            embeds("64:ff9b::/96", "a NAT64 well-known prefix (RFC 6052) address"),
            local("64:ff9b:1::/48", "a local-use NAT64 (RFC 8215) address"),
            local("100::/64", "a discard-only (RFC 6666) address"),
            local("100:0:0:1::/64", "a dummy IPv6 prefix (RFC 9780) address"),
            local("2001::/23", "an IETF protocol assignment (RFC 2928) address"),
            embeds("2001::/32", "a Teredo (RFC 4380) address"),
            global("2001:1::1/128", "the Port Control Protocol anycast address (RFC 7723)"),
            global("2001:1::2/128", "the TURN anycast address (RFC 8155)"),
            global("2001:1::3/128", "the DNS-SD service registration anycast address (RFC 9665)"),
            local("2001:2::/48", "a benchmarking (RFC 5180) address"),
            global("2001:3::/32", "an AMT (RFC 7450) address"),
            global("2001:4:112::/48", "an AS112-v6 (RFC 7535) address"),
            local("2001:10::/28", "a deprecated ORCHID (RFC 4843) address"),
            global("2001:20::/28", "an ORCHIDv2 (RFC 7343) address"),
            global("2001:30::/28", "a drone remote ID entity tag (RFC 9374) address"),
            local("2001:db8::/32", "a documentation (RFC 3849) address"),
            embeds("2002::/16", "a 6to4 (RFC 3056) address"),
            global("2620:4f:8000::/48", "an AS112 direct delegation (RFC 7534) address"),
            local("3fff::/20", "a documentation (RFC 9637) address"),
            local("5f00::/16", "a segment routing SID (SRv6, RFC 9602) address"),
            local("fc00::/7", "a unique local (ULA, RFC 4193) address"),
            local("fe80::/10", "a link-local address"),
            // Outside the registry, each with its source.
            local("::ffff:0:0:0/96", "an IPv4-translated (SIIT, RFC 2765) address"),
            local("fec0::/10", "a site-local address (deprecated by RFC 3879)"),
            local("ff00::/8", "a multicast address"));

    private SpecialPurposeAddresses() {}

    /** The most specific block holding the address, the way the registry's nested entries read. */
    static Optional<Entry> of(InetAddress address) {
        Entry best = null;
        for (Entry e : ALL) {
            if (e.block().contains(address)
                    && (best == null || e.block().prefix() > best.block().prefix())) {
                best = e;
            }
        }
        if (best == null && address instanceof Inet6Address && !GLOBAL_UNICAST.contains(address)) {
            return Optional.of(new Entry(
                    new Cidr(address, 128),
                    Reach.LOCAL,
                    "outside IPv6 global unicast 2000::/3 (reserved or unassigned, IANA IPv6 Address Space)"));
        }
        return Optional.ofNullable(best);
    }

    private static Entry local(String cidr, String what) {
        return new Entry(Cidr.parse(cidr), Reach.LOCAL, what);
    }

    private static Entry global(String cidr, String what) {
        return new Entry(Cidr.parse(cidr), Reach.GLOBAL, what);
    }

    private static Entry embeds(String cidr, String what) {
        return new Entry(Cidr.parse(cidr), Reach.EMBEDS_IPV4, what);
    }
}
