package dev.mailtls.domain;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One MX host as the domain check found it.
 *
 * @param host the exchange's name
 * @param preference its MX preference; 0 for the implicit MX
 * @param addresses its A and AAAA addresses, IPv4 first, as text
 * @param addressProblem why it has no address to probe (NXDOMAIN, a DNS failure); null otherwise
 * @param dane its DANE state
 * @param results one diagnosed probe per address probed, in the order of {@code addresses}
 * @param notProbed why an address was not probed (a throttle, the deadline), by address
 */
public record MxHost(
        String host,
        int preference,
        List<String> addresses,
        @Nullable String addressProblem,
        DaneCheck dane,
        List<MxProbe> results,
        List<String> notProbed) {
    public MxHost {
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
        results = List.copyOf(results);
        notProbed = List.copyOf(notProbed);
        Objects.requireNonNull(dane, "dane");
    }
}
