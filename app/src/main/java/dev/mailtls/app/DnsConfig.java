package dev.mailtls.app;

import dev.mailtls.domain.DomainDns;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The DNS of domain checks in {@code serve}: {@code MAILTLS_DNS_SERVER} ({@code dns_server}) and
 * {@code MAILTLS_DNSSEC_ANCHORS} ({@code dnssec_anchors}), the same as {@code mailtls domain}'s
 * {@code --dns} and {@code --dnssec-anchor}.
 *
 * @param server {@code HOST[:PORT]}, checked; null for the system's resolver
 * @param anchors a file of DS or DNSKEY records, checked; null for IANA's root anchors
 */
record DnsConfig(@Nullable String server, @Nullable Path anchors) {
    static final DnsConfig DEFAULT = new DnsConfig(null, null);

    /** The resolver every question of a domain check goes to. */
    DomainDns domainDns() {
        return DomainCommandLine.DNSJAVA.create(server, anchors);
    }

    /** For the start log. */
    String describe() {
        return "domain checks: DNS " + (server == null ? "the system's resolver" : server) + ", DNSSEC anchors "
                + (anchors == null ? "IANA's root (shipped)" : anchors.toString());
    }
}
