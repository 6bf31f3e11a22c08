package dev.mailtls.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Denies this host's own addresses, every block of {@link SpecialPurposeAddresses} that is not
 * globally reachable, and each IPv6 spelling that carries such an IPv4 address ({@link
 * EmbeddedIpv4}); an operator's allowed ranges win over all of these, their denied ranges add to
 * them.
 */
final class StrictAddressPolicy implements AddressPolicy {
    private final List<Cidr> allow;
    private final List<Cidr> deny;
    private final Set<Integer> ports;
    private final OwnAddresses own;

    StrictAddressPolicy(List<Cidr> allow, List<Cidr> deny, Set<Integer> ports, OwnAddresses own) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
        this.ports = Set.copyOf(ports);
        this.own = own;
    }

    @Override
    public Optional<String> refusal(InetAddress address, int port) {
        if (!ports.contains(port)) {
            // Refusals reach chat channels and anonymous web users: they say what is refused, never the
            // operator's port list or ranges (the start-up report shows those to the operator).
            return Optional.of("port " + port + " is not one of the ports this service probes");
        }
        List<EmbeddedIpv4> embedded = EmbeddedIpv4.in(address);
        if (allowed(address, embedded)) {
            return Optional.empty();
        }
        String shown = address.getHostAddress();
        for (Cidr c : deny) {
            if (c.contains(address)) {
                return Optional.of(shown + " is in a range the operator denies");
            }
            for (EmbeddedIpv4 e : embedded) {
                if (c.contains(e.address())) {
                    return Optional.of(shown + " (" + e.describe() + ") is in a range the operator denies");
                }
            }
        }
        Optional<Reason> range = rangeRefusal(shown, address, embedded);
        Optional<String> mine = ownAddress(shown, address, embedded);
        if (mine.isPresent()) {
            // "127.0.0.1 is one of this server's own addresses and a loopback address".
            return Optional.of(mine.get() + range.map(r -> " and " + r.what()).orElse(""));
        }
        return range.map(r -> r.subject() + " is " + r.what());
    }

    /** "192.0.2.1" or "::ffff:0:7f00:1 (127.0.0.1, IPv4-translated (SIIT))", and what it is. */
    private record Reason(String subject, String what) {}

    private Optional<String> ownAddress(String shown, InetAddress address, List<EmbeddedIpv4> embedded) {
        Set<InetAddress> mine = own.current();
        if (mine.contains(address)) {
            return Optional.of(shown + " is one of this server's own addresses");
        }
        for (EmbeddedIpv4 e : embedded) {
            if (mine.contains(e.address())) {
                return Optional.of(shown + " (" + e.describe() + ") is one of this server's own addresses");
            }
        }
        return Optional.empty();
    }

    private static Optional<Reason> rangeRefusal(String shown, InetAddress address, List<EmbeddedIpv4> embedded) {
        // The embedded IPv4 address first: "(127.0.0.1, NAT64) is a loopback address" says more
        // than the IPv6 block it is written in.
        for (EmbeddedIpv4 e : embedded) {
            Optional<SpecialPurposeAddresses.Entry> v4 = SpecialPurposeAddresses.of(e.address());
            if (v4.isPresent() && v4.get().denied()) {
                return Optional.of(
                        new Reason(shown + " (" + e.describe() + ")", v4.get().what()));
            }
        }
        return SpecialPurposeAddresses.of(address)
                .filter(SpecialPurposeAddresses.Entry::denied)
                .map(entry -> new Reason(shown, entry.what()));
    }

    /**
     * An operator's range re-admits the address, or an IPv6 spelling whose every embedded IPv4
     * address it holds ({@code ::ffff:10.1.2.3} when 10.1.0.0/16 is allowed).
     */
    private boolean allowed(InetAddress address, List<EmbeddedIpv4> embedded) {
        if (allow.stream().anyMatch(c -> c.contains(address))) {
            return true;
        }
        return !embedded.isEmpty()
                && embedded.stream().allMatch(e -> allow.stream().anyMatch(c -> c.contains(e.address())));
    }
}
