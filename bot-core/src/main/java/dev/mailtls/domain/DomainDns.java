package dev.mailtls.domain;

import java.net.InetAddress;

/**
 * The DNS a domain check asks: every question of the check goes through here, so one setting
 * ({@code --dns HOST[:PORT]}, {@code MAILTLS_DNS_SERVER}) or a test's server answers them all.
 * Every answer carries its DNSSEC verdict. Implementations bound each question in time and never
 * throw for a DNS problem: it is a {@link DnsAnswer.Outcome#FAILED} answer.
 */
public interface DomainDns {
    /**
     * Whether this DNS can support DNSSEC validation at all ({@link DnssecSupport}). A check asks
     * this once at its start; when it cannot, the check's verdicts are all {@link
     * DnssecState#INDETERMINATE}. Implementations that give verdicts of their own making (a test's
     * zone) keep this default: their verdicts are taken as they are.
     */
    default DnssecSupport dnssecSupport() {
        return DnssecSupport.validates(toString());
    }

    /** The MX records of {@code domain}, in the order the server gave them. */
    DnsAnswer<MxRecord> mx(String domain);

    /** The A and AAAA records of {@code host}, IPv4 first. */
    DnsAnswer<InetAddress> addresses(String host);

    /** The TXT records at {@code name}, each one's character strings joined without a separator. */
    DnsAnswer<String> txt(String name);

    /** The TLSA records at {@code name}, e.g. {@code _25._tcp.mx.example.com}. */
    DnsAnswer<TlsaRecord> tlsa(String name);

    /** The SRV records at {@code name}, e.g. {@code _submissions._tcp.example.com}. */
    DnsAnswer<SrvRecord> srv(String name);
}
