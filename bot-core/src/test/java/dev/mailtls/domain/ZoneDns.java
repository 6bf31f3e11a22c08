package dev.mailtls.domain;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A zone: answers by name, NXDOMAIN for anything else. */
final class ZoneDns implements DomainDns {
    final Map<String, DnsAnswer<MxRecord>> mx = new HashMap<>();
    final Map<String, DnsAnswer<InetAddress>> addresses = new HashMap<>();
    final Map<String, DnsAnswer<TlsaRecord>> tlsa = new HashMap<>();
    final Map<String, DnsAnswer<String>> txt = new HashMap<>();
    final Map<String, DnsAnswer<SrvRecord>> srv = new HashMap<>();
    /** What {@link #dnssecSupport()} says; the interface's default (validates) when null. */
    volatile DnssecSupport support;

    @Override
    public DnssecSupport dnssecSupport() {
        DnssecSupport s = support;
        return s == null ? DomainDns.super.dnssecSupport() : s;
    }

    @Override
    public DnsAnswer<MxRecord> mx(String domain) {
        return mx.getOrDefault(domain, DnsAnswer.nxdomain(DnssecState.INSECURE));
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
        return addresses.getOrDefault(host, DnsAnswer.nxdomain(DnssecState.INSECURE));
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        return txt.getOrDefault(name, DnsAnswer.nxdomain(DnssecState.INSECURE));
    }

    @Override
    public DnsAnswer<TlsaRecord> tlsa(String name) {
        return tlsa.getOrDefault(name, DnsAnswer.nxdomain(DnssecState.INSECURE));
    }

    @Override
    public DnsAnswer<SrvRecord> srv(String name) {
        return srv.getOrDefault(name, DnsAnswer.nxdomain(DnssecState.INSECURE));
    }

    ZoneDns host(String name, String... ips) {
        addresses.put(name, DnsAnswer.ok(List.of(ips).stream().map(ZoneDns::ip).toList(), DnssecState.INSECURE));
        return this;
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
