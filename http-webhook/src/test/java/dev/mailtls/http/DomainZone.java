package dev.mailtls.http;

import dev.mailtls.domain.DnsAnswer;
import dev.mailtls.domain.DnssecState;
import dev.mailtls.domain.DomainDns;
import dev.mailtls.domain.MxRecord;
import dev.mailtls.domain.SrvRecord;
import dev.mailtls.domain.TlsaRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DNS of the HTTP tests' domain checks, answered from memory (NXDOMAIN for any other name):
 *
 * <ul>
 *   <li>{@code mail.example}: one MX on 127.0.0.25 (refused by the test server's address policy,
 *       so nothing connects), a secure TLSA record, an MTA-STS record whose policy host is on
 *       loopback too (the fetch is refused), and a TLS-RPT record;
 *   <li>{@code nullmx.example}: {@code MX 0 .} (RFC 7505);
 *   <li>{@code nohost.example}: an MX host without addresses;
 *   <li>{@code hostile.example}: markup and controls in everything DNS can carry: the MX host name,
 *       the TLSA answer's problem, the MTA-STS and TLS-RPT records.
 * </ul>
 */
final class DomainZone implements DomainDns {
    static final String HOSTILE_MX = "<img src=x onerror=alert(1)>.\"'&{{result}}.hostile.example";
    static final String HOSTILE_TLSA_PROBLEM = "SERVFAIL <script>alert('tlsa')</script> \u202Egnp.exe";
    static final String HOSTILE_STS = "v=STSv1; id=<b>x</b>; <script>alert('sts')</script>";
    static final String HOSTILE_RPT = "v=TLSRPTv1; rua=javascript:<script>alert('rpt')</script>";

    private final Map<String, DnsAnswer<MxRecord>> mx = new HashMap<>();
    private final Map<String, DnsAnswer<InetAddress>> addresses = new HashMap<>();
    private final Map<String, DnsAnswer<String>> txt = new HashMap<>();
    private final Map<String, DnsAnswer<TlsaRecord>> tlsa = new HashMap<>();

    DomainZone() {
        mx.put("mail.example", DnsAnswer.ok(List.of(new MxRecord(10, "mx1.mail.example")), DnssecState.SECURE));
        addresses.put("mx1.mail.example", DnsAnswer.ok(List.of(ip("127.0.0.25")), DnssecState.SECURE));
        tlsa.put(
                "_25._tcp.mx1.mail.example",
                DnsAnswer.ok(List.of(new TlsaRecord(3, 1, 1, "ab".repeat(32))), DnssecState.SECURE));
        txt.put("_mta-sts.mail.example", DnsAnswer.ok(List.of("v=STSv1; id=20261205"), DnssecState.SECURE));
        addresses.put("mta-sts.mail.example", DnsAnswer.ok(List.of(ip("127.0.0.26")), DnssecState.SECURE));
        txt.put(
                "_smtp._tls.mail.example",
                DnsAnswer.ok(List.of("v=TLSRPTv1; rua=mailto:tls-reports@mail.example"), DnssecState.SECURE));

        mx.put("nullmx.example", DnsAnswer.ok(List.of(new MxRecord(0, ".")), DnssecState.INSECURE));

        mx.put("nohost.example", DnsAnswer.ok(List.of(new MxRecord(5, "mx.nohost.example")), DnssecState.INSECURE));
        addresses.put("mx.nohost.example", DnsAnswer.ok(List.of(), DnssecState.INSECURE));

        mx.put("hostile.example", DnsAnswer.ok(List.of(new MxRecord(10, HOSTILE_MX)), DnssecState.INSECURE));
        tlsa.put(
                "_25._tcp." + HOSTILE_MX.toLowerCase(java.util.Locale.ROOT),
                DnsAnswer.failed(HOSTILE_TLSA_PROBLEM, null));
        txt.put("_mta-sts.hostile.example", DnsAnswer.ok(List.of(HOSTILE_STS), DnssecState.INSECURE));
        txt.put("_smtp._tls.hostile.example", DnsAnswer.ok(List.of(HOSTILE_RPT), DnssecState.INSECURE));
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
        return DnsAnswer.nxdomain(DnssecState.INSECURE);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
