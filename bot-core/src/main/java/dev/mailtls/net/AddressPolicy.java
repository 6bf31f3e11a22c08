package dev.mailtls.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which resolved addresses and ports a probe may connect to: the guard that keeps the prober from
 * becoming an SSRF tool. It is applied to the address actually connected to, after resolution, so
 * there is no second lookup and no DNS-rebinding window.
 */
public interface AddressPolicy {

    /** Why an address or port is refused, or empty when it is allowed. */
    Optional<String> refusal(InetAddress address, int port);

    /** Everything allowed: the CLI's default, where the operator is the user. */
    static AddressPolicy permitAll() {
        return (address, port) -> Optional.empty();
    }

    /** The mail ports a server allows by default. */
    Set<Integer> MAIL_PORTS = Set.of(25, 465, 587, 2525, 110, 995, 143, 993);

    /**
     * The server's strict policy: this host's own interface addresses and the IANA special-purpose
     * blocks that are not globally reachable are denied, in any IPv6 spelling of an IPv4 address,
     * then {@code deny} adds ranges, {@code allow} re-admits an operator's own ranges (internal mail
     * servers), and only {@code ports} may be probed.
     */
    static AddressPolicy strict(List<Cidr> allow, List<Cidr> deny, Set<Integer> ports) {
        return new StrictAddressPolicy(allow, deny, ports, OwnAddresses.ofInterfaces());
    }
}
