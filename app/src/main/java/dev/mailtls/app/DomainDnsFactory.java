package dev.mailtls.app;

import dev.mailtls.domain.DomainDns;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Builds the DNS a domain check asks, from {@code --dns} and {@code --dnssec-anchor} (or their variables). */
@FunctionalInterface
interface DomainDnsFactory {
    /**
     * @param server {@code HOST[:PORT]}, or null for the system's resolver
     * @param anchors a file of DS or DNSKEY records replacing the root trust anchors, or null
     * @throws IllegalArgumentException naming the bad value, for a usage message
     */
    DomainDns create(@Nullable String server, @Nullable Path anchors);
}
