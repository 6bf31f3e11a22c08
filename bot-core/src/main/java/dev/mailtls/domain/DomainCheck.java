package dev.mailtls.domain;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.net.Ticker;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.service.ServiceResult;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks one mail domain: its MX records (or Null MX, or the implicit MX), every address of every
 * MX host probed on port 25 with STARTTLS, and the TLSA records of each host, all side by side
 * under the check's one deadline. Each MX address is probed by its address, with the MX name as
 * the TLS server name and the name its certificate must hold, so the DNS the check used (a
 * {@code --dns} server) is the DNS the probes follow.
 */
public final class DomainCheck {
    /** The SMTP port MX hosts are reached on. */
    public static final int SMTP_PORT = 25;

    /** The whole check's deadline unless told otherwise. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    /** How many MX hosts are checked; the rest are listed but not probed (RFC 5321 allows many). */
    public static final int MAX_MX_HOSTS = 10;

    /** How many addresses of one MX host are probed. */
    public static final int MAX_ADDRESSES_PER_HOST = 4;

    /** Stands for a probe the deadline overtook. */
    private static final ServiceResult LATE = new ServiceResult.Throttled(
            "not finished by the check's deadline",
            Duration.ZERO,
            new ServiceResult.Asked("domain-check", Instant.EPOCH));

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    /** How the check fetches a domain's MTA-STS policy: {@link MtaStsFetcher#fetch(String, Duration)}. */
    @FunctionalInterface
    public interface PolicyFetch {
        MtaStsFetch fetch(String domain, Duration deadline);
    }

    private final DomainDns dns;
    private final EndpointProbes probes;
    private final PolicyFetch policies;
    private final Diagnoser diagnoser;
    private final ProbeOptions options;
    private final Duration deadline;
    private final Clock clock;
    private final Ticker ticker;

    /**
     * @param options the options of each MX probe (its own deadline is cut to what the check has left)
     * @param deadline the whole check's deadline
     */
    public DomainCheck(
            DomainDns dns,
            EndpointProbes probes,
            PolicyFetch policies,
            Diagnoser diagnoser,
            ProbeOptions options,
            Duration deadline,
            Clock clock,
            Ticker ticker) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.probes = Objects.requireNonNull(probes, "probes");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.diagnoser = Objects.requireNonNull(diagnoser, "diagnoser");
        this.options = Objects.requireNonNull(options, "options");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * The domain as a check takes it: lower case, no trailing dot, LDH labels, at least two labels.
     *
     * @throws IllegalArgumentException saying what a domain looks like
     */
    public static String normalise(String text) {
        String d = Target.normaliseHost(Objects.requireNonNull(text, "domain"));
        if (d.startsWith("@")) {
            d = d.substring(1);
        }
        String[] labels = d.split("\\.", -1);
        boolean valid = d.length() <= 253 && labels.length >= 2 && !Target.isIpLiteral(d);
        for (String l : labels) {
            valid &= LABEL.matcher(l).matches();
        }
        if (!valid) {
            throw new IllegalArgumentException("'" + text.strip()
                    + "' is not a mail domain: give the part after the @, e.g. example.com (not a URL, an address"
                    + " or an IP)");
        }
        return d;
    }

    /**
     * Checks {@code domainText}. Never throws for what the network does: every problem is in the
     * report.
     *
     * @throws IllegalArgumentException when the text is not a domain (see {@link #normalise})
     */
    public DomainReport check(String domainText) {
        String domain = normalise(domainText);
        Instant startedAt = clock.instant();
        long t0 = ticker.nanos();
        long end = t0 + deadline.toNanos();
        Map<String, Long> timings = new LinkedHashMap<>();
        try (ExecutorService pool = dev.mailtls.internal.io.IoThreads.perTask()) {
            // Whether the resolver can support DNSSEC at all: the DNS waits for this verdict
            // before its first question, so asking it first costs the questions nothing more.
            Future<DnssecSupport> support = pool.submit(dns::dnssecSupport);
            // The policies do not depend on the MX answer: asked for side by side with it.
            Future<Published> published = pool.submit(() -> published(domain, end, timings));
            Future<List<SrvCheck>> clients = pool.submit(() -> clients(domain, stepEnd(end), pool, timings));
            return check(domain, startedAt, t0, end, timings, pool, support, published, clients);
        }
    }

    /** The MTA-STS record with its policy, and the TLS-RPT record, as the domain publishes them. */
    private record Published(
            Parsed<MtaStsRecord> mtaSts,
            @Nullable String mtaStsProblem,
            @Nullable MtaStsFetch fetch,
            Parsed<TlsRptRecord> tlsRpt,
            @Nullable String tlsRptProblem) {}

    private Published published(String domain, long end, Map<String, Long> timings) {
        long t0 = ticker.nanos();
        DnsAnswer<String> sts = dns.txt("_mta-sts." + domain);
        DnsAnswer<String> rpt = dns.txt("_smtp._tls." + domain);
        Parsed<MtaStsRecord> record = MtaStsRecord.select(sts.records());
        MtaStsFetch fetch = null;
        if (record.valid()) {
            // Like a host, the fetch gives up a little before the check does, so that its failure
            // (TIMEOUT, in which step) is in the report rather than "no answer by the deadline",
            // which would lose the record that was found.
            Duration left = Duration.ofNanos(Math.max(1_000_000, stepEnd(end) - ticker.nanos()));
            fetch = policies.fetch(
                    domain, left.compareTo(MtaStsFetcher.DEFAULT_DEADLINE) < 0 ? left : MtaStsFetcher.DEFAULT_DEADLINE);
        }
        synchronized (timings) {
            timings.put("policies", millis(t0));
        }
        return new Published(
                record,
                sts.outcome() == DnsAnswer.Outcome.FAILED ? sts.problem() : null,
                fetch,
                TlsRptRecord.select(rpt.records()),
                rpt.outcome() == DnsAnswer.Outcome.FAILED ? rpt.problem() : null);
    }

    private DomainReport check(
            String domain,
            Instant startedAt,
            long t0,
            long end,
            Map<String, Long> timings,
            ExecutorService pool,
            Future<DnssecSupport> supported,
            Future<Published> published,
            Future<List<SrvCheck>> clients) {
        DnsAnswer<MxRecord> answer = dns.mx(domain);
        synchronized (timings) {
            timings.put("mx", millis(t0));
        }
        DomainReport.MxKind kind;
        List<MxRecord> records = List.of();
        String dnsProblem = null;
        switch (answer.outcome()) {
            case NXDOMAIN -> kind = DomainReport.MxKind.NOT_FOUND;
            case FAILED -> {
                kind = DomainReport.MxKind.DNS_FAILED;
                dnsProblem = answer.problem();
            }
            default -> {
                List<MxRecord> named =
                        answer.records().stream().filter(r -> !r.isNull()).toList();
                if (!answer.records().isEmpty() && named.isEmpty()) {
                    kind = DomainReport.MxKind.NULL_MX;
                } else if (answer.records().isEmpty()) {
                    kind = DomainReport.MxKind.IMPLICIT;
                    records = List.of(new MxRecord(0, domain));
                } else {
                    kind = DomainReport.MxKind.LISTED;
                    records = named.stream()
                            .sorted(Comparator.comparingInt(MxRecord::preference)
                                    .thenComparing(MxRecord::host))
                            .distinct()
                            .toList();
                }
            }
        }

        List<MxHost> hosts = new ArrayList<>();
        long p0 = ticker.nanos();
        {
            List<Future<MxHost>> running = new ArrayList<>();
            for (MxRecord r : records.subList(0, Math.min(MAX_MX_HOSTS, records.size()))) {
                // A host gives up on what is not in a little before the check does, so its answer,
                // with what was and was not probed, is in by the deadline.
                long hostEnd = stepEnd(end);
                running.add(pool.submit(() -> host(r, hostEnd, pool)));
            }
            for (int i = 0; i < running.size(); i++) {
                MxRecord r = records.get(i);
                hosts.add(await(running.get(i), end, () -> unfinished(r)));
            }
        }
        if (!records.isEmpty()) {
            synchronized (timings) {
                timings.put("probes", millis(p0));
            }
        }
        boolean takesMail = kind == DomainReport.MxKind.LISTED || kind == DomainReport.MxKind.IMPLICIT;
        PolicyChecks policy = takesMail ? policies(await(published, end, () -> null), hosts) : PolicyChecks.none();
        List<SrvCheck> srv = takesMail ? await(clients, end, List::of) : List.of();
        DnssecSupport support = await(
                supported,
                end,
                () -> new DnssecSupport(
                        DnssecSupport.Verdict.NO_ANSWER, dns.toString(), "not answered by the check's deadline"));
        pool.shutdownNow();
        if (support.indeterminate()) {
            // One verdict for the whole check, even if a stub or a verdict renewed mid-check said otherwise.
            hosts = hosts.stream().map(DomainCheck::indeterminate).toList();
        }
        List<Hint> hints =
                DomainRules.diagnose(domain, kind, dnsProblem, answer, hosts, records.size(), policy, srv, support);
        Status status = Status.of(hints);
        for (SrvCheck c : srv) {
            if (c.result() != null) {
                status = Status.worst(status, c.result().status());
            }
        }
        for (MxHost h : hosts) {
            for (MxProbe p : h.results()) {
                status = Status.worst(status, p.report().status());
            }
        }
        Map<String, Long> ordered;
        synchronized (timings) {
            ordered = new LinkedHashMap<>(timings);
        }
        return new DomainReport(
                domain, startedAt, kind, dnsProblem, hosts, policy, srv, hints, status, ordered, millis(t0));
    }

    /**
     * The policies against the MX hosts: each MX must match an {@code mx:} pattern, and under {@code
     * mode: enforce} present a certificate a sender accepts (trusted, naming the MX host).
     */
    private static PolicyChecks policies(@Nullable Published p, List<MxHost> hosts) {
        if (p == null) {
            return new PolicyChecks(
                    Parsed.absent(),
                    "no answer by the check's deadline",
                    null,
                    List.of(),
                    List.of(),
                    Parsed.absent(),
                    "no answer by the check's deadline");
        }
        List<String> uncovered = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        MtaStsFetch fetch = p.fetch();
        MtaStsPolicy policy =
                fetch == null || !fetch.ok() ? null : fetch.policy().value();
        if (policy != null && policy.mode() != MtaStsPolicy.Mode.NONE) {
            for (MxHost h : hosts) {
                if (!policy.covers(h.host())) {
                    uncovered.add(h.host());
                }
                if (policy.mode() == MtaStsPolicy.Mode.ENFORCE) {
                    for (MxProbe probe : h.results()) {
                        String why = refusedUnderMtaSts(probe);
                        if (why != null) {
                            invalid.add(h.host() + " (" + probe.address() + "): " + why);
                        }
                    }
                }
            }
        }
        return new PolicyChecks(
                p.mtaSts(), p.mtaStsProblem(), fetch, uncovered, invalid, p.tlsRpt(), p.tlsRptProblem());
    }

    /** Why a sender honouring MTA-STS refuses this MX address (RFC 8461 §4.2); null when it accepts it. */
    private static @Nullable String refusedUnderMtaSts(MxProbe probe) {
        var r = probe.report().result();
        if (r.starttls() == null || !r.starttls().accepted()) {
            return "STARTTLS is not available";
        }
        var tls = r.tls();
        if (tls == null) {
            return "the TLS handshake did not complete";
        }
        if (!tls.trust().trusted()) {
            return "the certificate is not trusted: " + tls.trust().reason();
        }
        if (!tls.hostname().matches()) {
            return "the certificate does not name the MX host: "
                    + tls.hostname().reason();
        }
        return null;
    }

    /** How many targets of one client service are probed (the lowest priority values first). */
    static final int MAX_SRV_TARGETS = 2;

    /**
     * The client services the domain publishes (RFC 6186), each target's first address probed on
     * the target's port with the service's protocol and transport, side by side.
     */
    private List<SrvCheck> clients(String domain, long end, ExecutorService pool, Map<String, Long> timings) {
        long t0 = ticker.nanos();
        List<Future<List<SrvCheck>>> running = new ArrayList<>();
        for (ClientService service : ClientService.values()) {
            running.add(pool.submit(() -> service(service, domain, end, pool)));
        }
        List<SrvCheck> out = new ArrayList<>();
        for (Future<List<SrvCheck>> f : running) {
            out.addAll(await(f, end, List::of));
        }
        synchronized (timings) {
            timings.put("clients", millis(t0));
        }
        return out;
    }

    private List<SrvCheck> service(ClientService service, String domain, long end, ExecutorService pool) {
        DnsAnswer<SrvRecord> answer = dns.srv(service.owner(domain));
        List<SrvRecord> records = answer.records().stream()
                .sorted(Comparator.comparingInt(SrvRecord::priority).thenComparing(r -> -r.weight()))
                .limit(MAX_SRV_TARGETS)
                .toList();
        List<Future<SrvCheck>> running = new ArrayList<>();
        for (SrvRecord r : records) {
            running.add(pool.submit(() -> target(service, r, end)));
        }
        List<SrvCheck> out = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            SrvRecord r = records.get(i);
            out.add(await(
                    running.get(i),
                    end,
                    () -> new SrvCheck(service, r.target(), r.port(), null, "not finished by the check's deadline")));
        }
        return out;
    }

    private SrvCheck target(ClientService service, SrvRecord r, long end) {
        if (r.notOffered()) {
            return new SrvCheck(service, "", r.port(), null, "not offered (target \".\")");
        }
        DnsAnswer<InetAddress> a = dns.addresses(r.target());
        if (a.records().isEmpty()) {
            return new SrvCheck(
                    service,
                    r.target(),
                    r.port(),
                    null,
                    r.target() + " has no address" + (a.problem() == null ? "" : ": " + a.problem()));
        }
        String address = a.records().get(0).getHostAddress();
        Duration left = Duration.ofNanos(Math.max(1_000_000, end - ticker.nanos()));
        ProbeRequest request = new ProbeRequest(
                address,
                r.port(),
                service.protocol(),
                service.transport(),
                options.withDeadline(options.deadline().compareTo(left) <= 0 ? options.deadline() : left)
                        .withSniName(r.target()));
        ServiceResult result = probes.probe(request);
        return switch (result) {
            case ServiceResult.Probed p ->
                new SrvCheck(service, r.target(), r.port(), Report.of(p.result(), diagnoser), null);
            case ServiceResult.Throttled t -> new SrvCheck(service, r.target(), r.port(), null, t.message());
        };
    }

    /** When a step running beside others gives up: a little before the check's own end. */
    private long stepEnd(long end) {
        return end - Math.min(Duration.ofMillis(200).toNanos(), deadline.toNanos() / 10);
    }

    /** One MX host: its addresses, each probed, and its TLSA records, side by side. */
    private MxHost host(MxRecord mx, long end, ExecutorService pool) {
        Future<DnsAnswer<TlsaRecord>> tlsa = pool.submit(() -> dns.tlsa("_" + SMTP_PORT + "._tcp." + mx.host()));
        DnsAnswer<InetAddress> a = dns.addresses(mx.host());
        List<String> addresses =
                a.records().stream().map(InetAddress::getHostAddress).distinct().toList();
        String addressProblem = switch (a.outcome()) {
            case NXDOMAIN -> mx.host() + " does not exist (NXDOMAIN)";
            case FAILED -> "no answer for the addresses of " + mx.host() + ": " + a.problem();
            case OK -> addresses.isEmpty() ? mx.host() + " has no A or AAAA record" : null;
        };
        List<String> probed = addresses.subList(0, Math.min(MAX_ADDRESSES_PER_HOST, addresses.size()));
        List<Future<ServiceResult>> running = new ArrayList<>();
        for (String address : probed) {
            running.add(pool.submit(() -> probes.probe(request(mx.host(), address, end))));
        }
        List<MxProbe> results = new ArrayList<>();
        List<String> notProbed = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            String address = probed.get(i);
            ServiceResult r = await(running.get(i), end, () -> LATE);
            if (r == LATE) {
                notProbed.add(address + ": not finished by the check's deadline");
                continue;
            }
            switch (r) {
                case ServiceResult.Probed p -> results.add(new MxProbe(address, Report.of(p.result(), diagnoser)));
                case ServiceResult.Throttled t -> notProbed.add(address + ": " + t.message());
            }
        }
        for (String address : addresses.subList(probed.size(), addresses.size())) {
            notProbed.add(address + ": not probed (at most " + MAX_ADDRESSES_PER_HOST + " addresses per host)");
        }
        DnsAnswer<TlsaRecord> t = await(tlsa, end, () -> DnsAnswer.failed("no answer by the check's deadline", null));
        return new MxHost(
                mx.host(), mx.preference(), addresses, addressProblem, matched(dane(t), results), results, notProbed);
    }

    /** What the TLSA answer says, before any matching. */
    private static DaneCheck dane(DnsAnswer<TlsaRecord> t) {
        return switch (t.outcome()) {
            case FAILED ->
                new DaneCheck(t.dnssec(), List.of(), null, "the TLSA question got no usable answer: " + t.problem());
            case NXDOMAIN, OK ->
                t.records().isEmpty()
                        ? new DaneCheck(t.dnssec(), List.of(), null, "no TLSA records")
                        : new DaneCheck(t.dnssec(), t.records(), null, recordsDetail(t.dnssec(), t.records()));
        };
    }

    private static String recordsDetail(@Nullable DnssecState state, List<TlsaRecord> records) {
        if (state == DnssecState.SECURE) {
            return records.size() + " TLSA records, DNSSEC-signed";
        }
        if (state == DnssecState.INDETERMINATE) {
            return records.size() + (records.size() == 1 ? " TLSA record" : " TLSA records")
                    + ", not judged: DNSSEC cannot be validated through the resolver asked, so whether "
                    + (records.size() == 1 ? "it is" : "they are") + " signed is unknown";
        }
        return "TLSA records without DNSSEC: senders ignore them (RFC 7672)";
    }

    /** The host with its DANE verdict indeterminate and unjudged; a failed lookup stays without one. */
    private static MxHost indeterminate(MxHost h) {
        DaneCheck d = h.dane();
        if (d.dnssec() == null || d.dnssec() == DnssecState.INDETERMINATE) {
            return h;
        }
        String detail = d.tlsa().isEmpty() ? "no TLSA records" : recordsDetail(DnssecState.INDETERMINATE, d.tlsa());
        return new MxHost(
                h.host(),
                h.preference(),
                h.addresses(),
                h.addressProblem(),
                new DaneCheck(DnssecState.INDETERMINATE, d.tlsa(), null, detail),
                h.results(),
                h.notProbed());
    }

    /**
     * Secure TLSA records against the chain every probed address presented (RFC 7672): true when
     * each authenticates, false when one does not (its reason in the detail), null when there was
     * no chain to match or nothing usable to match it with.
     */
    static DaneCheck matched(DaneCheck dane, List<MxProbe> probes) {
        if (dane.dnssec() != DnssecState.SECURE || dane.tlsa().isEmpty()) {
            return dane;
        }
        Boolean all = null;
        List<String> why = new ArrayList<>();
        RenewalEffect renewal = null;
        for (MxProbe p : probes) {
            var tls = p.report().result().tls();
            if (tls == null || tls.chain().isEmpty()) {
                continue;
            }
            TlsaMatch m = TlsaMatch.of(dane.tlsa(), tls.chain());
            Boolean ok = m.authenticated(tls.hostname());
            if (ok == null) {
                why.add(p.address() + ": no TLSA record is usable for SMTP ("
                        + m.records().get(0).reason() + ")");
                continue;
            }
            if (!ok) {
                String reason = m.matched() != null && m.matched()
                        ? "the DANE-TA record matched but the certificate does not name the MX host ("
                                + tls.hostname().reason() + ")"
                        : m.records().stream()
                                .filter(TlsaRecordMatch::usable)
                                .map(r -> r.record() + " " + r.reason())
                                .findFirst()
                                .orElse("no record matched");
                why.add(p.address() + ": " + reason);
                all = false;
            } else {
                if (all == null) {
                    all = true;
                }
                renewal = m.renewal();
            }
        }
        String detail;
        if (all == null) {
            detail = why.isEmpty()
                    ? dane.detail() + "; no certificate was seen to match them against"
                    : String.join("; ", why);
        } else if (all) {
            detail = "the TLSA records match the certificate of every address"
                    + (renewal == null ? "" : "; at renewal, the matching record " + renewal.summary());
        } else {
            detail = String.join("; ", why);
        }
        return new DaneCheck(dane.dnssec(), dane.tlsa(), all, detail);
    }

    /** The probe of one MX address: by address, with the MX name as SNI and as the certificate's name. */
    private ProbeRequest request(String host, String address, long end) {
        Duration left = Duration.ofNanos(Math.max(1_000_000, end - ticker.nanos()));
        Duration own = options.deadline().compareTo(left) <= 0 ? options.deadline() : left;
        return new ProbeRequest(
                address,
                SMTP_PORT,
                Protocol.SMTP,
                Transport.STARTTLS,
                options.withDeadline(own).withSniName(host));
    }

    private MxHost unfinished(MxRecord r) {
        return new MxHost(
                r.host(),
                r.preference(),
                List.of(),
                "not finished by the check's deadline (" + deadline.toSeconds() + " s)",
                new DaneCheck(null, List.of(), null, "not looked up by the check's deadline"),
                List.of(),
                List.of());
    }

    /** The future's value, or {@code late}'s when the check's deadline passes first. */
    private <T> T await(Future<T> f, long end, java.util.function.Supplier<T> late) {
        try {
            return f.get(Math.max(0, end - ticker.nanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return late.get();
        } catch (InterruptedException e) {
            // Asked to stop: what is not in by now is reported as unfinished.
            Thread.currentThread().interrupt();
            f.cancel(true);
            return late.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("domain check step failed: " + e.getCause(), e.getCause());
        }
    }

    long millis(long fromNanos) {
        return (ticker.nanos() - fromNanos) / 1_000_000;
    }
}
