package dev.mailtls.testing;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DnsAnswer;
import dev.mailtls.domain.DnssecState;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.domain.DomainDns;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.domain.MxRecord;
import dev.mailtls.domain.SrvRecord;
import dev.mailtls.domain.TlsaRecord;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.tls.TrustEvaluator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A zone in memory for domain checks in chat and renderer tests: answers by name, NXDOMAIN for
 * anything else, every answer insecure (unsigned). Pair it with loopback addresses and a strict
 * address policy ({@link #checks}) so that no probe and no MTA-STS fetch leaves the machine: every
 * MX probe is refused before it connects.
 */
public final class FakeDomainDns implements DomainDns {
    private final Map<String, List<MxRecord>> mx = new HashMap<>();
    private final Map<String, List<InetAddress>> addresses = new HashMap<>();
    private final Map<String, List<String>> txt = new HashMap<>();
    private final Map<String, List<SrvRecord>> srv = new HashMap<>();

    /** {@code name SRV priority weight port target}. */
    public FakeDomainDns srv(String name, int priority, int weight, int port, String target) {
        srv.computeIfAbsent(name, n -> new ArrayList<>()).add(new SrvRecord(priority, weight, port, target));
        return this;
    }

    /** {@code domain MX preference host}. */
    public FakeDomainDns mx(String domain, int preference, String host) {
        mx.computeIfAbsent(domain, d -> new ArrayList<>()).add(new MxRecord(preference, host));
        return this;
    }

    /** {@code MX 0 .} (RFC 7505). */
    public FakeDomainDns nullMx(String domain) {
        return mx(domain, 0, ".");
    }

    /** A and AAAA records of {@code host}. */
    public FakeDomainDns host(String host, String... ips) {
        List<InetAddress> list = new ArrayList<>();
        for (String ip : ips) {
            try {
                list.add(InetAddress.getByName(ip));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(ip, e);
            }
        }
        addresses.put(host, list);
        return this;
    }

    /** A TXT record at {@code name} (e.g. {@code _mta-sts.example.com}). */
    public FakeDomainDns txt(String name, String record) {
        txt.computeIfAbsent(name, n -> new ArrayList<>()).add(record);
        return this;
    }

    /**
     * {@code count} MX hosts {@code mx1.<domain>} … with {@code perHost} loopback addresses each,
     * which a strict address policy refuses.
     */
    public FakeDomainDns manyMx(String domain, int count, int perHost) {
        for (int i = 1; i <= count; i++) {
            String host = "mx" + i + "." + domain;
            mx(domain, i * 10, host);
            String[] ips = new String[perHost];
            for (int a = 0; a < perHost; a++) {
                ips[a] = "127.0." + i + "." + (a + 1);
            }
            host(host, ips);
        }
        return this;
    }

    @Override
    public DnsAnswer<MxRecord> mx(String domain) {
        List<MxRecord> records = mx.get(domain);
        return records == null ? absent(domain) : DnsAnswer.ok(records, DnssecState.INSECURE);
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
        List<InetAddress> records = addresses.get(host);
        return records == null ? absent(host) : DnsAnswer.ok(records, DnssecState.INSECURE);
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        List<String> records = txt.get(name);
        return records == null ? absent(name) : DnsAnswer.ok(records, DnssecState.INSECURE);
    }

    @Override
    public DnsAnswer<TlsaRecord> tlsa(String name) {
        return absent(name);
    }

    @Override
    public DnsAnswer<SrvRecord> srv(String name) {
        List<SrvRecord> records = srv.get(name);
        return records == null ? absent(name) : DnsAnswer.ok(records, DnssecState.INSECURE);
    }

    /** NXDOMAIN for a name no record is under, else an empty answer (the name exists). */
    private <T> DnsAnswer<T> absent(String name) {
        boolean exists = mx.keySet().stream().anyMatch(d -> name.equals(d) || name.endsWith("." + d))
                || addresses.containsKey(name);
        return exists ? DnsAnswer.ok(List.of(), DnssecState.INSECURE) : DnsAnswer.nxdomain(DnssecState.INSECURE);
    }

    /**
     * A resolver for the prober that knows every address of this zone as its own literal (the
     * domain check probes addresses, not names), so that the address policy, not the resolver,
     * decides.
     */
    public TestResolver resolver() {
        TestResolver r = new TestResolver();
        addresses.values().forEach(list -> list.forEach(a -> r.add(a.getHostAddress(), a)));
        return r;
    }

    /**
     * The report of checking {@code domain} over this zone, every MX probe refused by a strict
     * address policy before it connects: for renderer tests.
     */
    public DomainReport report(String domain) {
        Set<Integer> anyPort = IntStream.rangeClosed(1, 65535).boxed().collect(Collectors.toUnmodifiableSet());
        Prober prober = new Prober(resolver(), Clock.systemUTC(), AddressPolicy.strict(List.of(), List.of(), anyPort));
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        try (ProbeService service =
                new ProbeService(prober, new ServiceLimits(Duration.ofMinutes(5), 16, 256, lots, lots, lots, lots))) {
            DomainChecks.Answer answer = checks(service, Duration.ofSeconds(10)).check(domain, "test:renderer", false);
            if (answer instanceof DomainChecks.Answer.Checked c) {
                return c.report();
            }
            throw new IllegalStateException("not checked: " + answer);
        }
    }

    /**
     * Domain checks over this zone and {@code service} (whose prober should refuse loopback), with
     * the MTA-STS fetch under a strict policy for port 443: nothing leaves the machine.
     */
    public DomainChecks checks(ProbeService service, Duration deadline) {
        return new DomainChecks(
                this,
                service,
                new Diagnoser(),
                ProbeOptions.defaults().withDeadline(deadline).withLegacyTlsCheck(false),
                AddressPolicy.strict(List.of(), List.of(), Set.of(443)),
                TrustEvaluator.jdkDefaults(null),
                deadline,
                Clock.systemUTC());
    }
}
