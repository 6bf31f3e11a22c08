package dev.mailtls.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.domain.MtaStsPolicy;
import dev.mailtls.domain.MxHost;
import dev.mailtls.domain.Parsed;
import dev.mailtls.domain.PolicyChecks;
import dev.mailtls.domain.SrvCheck;
import dev.mailtls.domain.TlsaRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a domain publishes, in the few facts a schedule watches for changes: the MX hosts and their
 * addresses, each MX's DNSSEC state and TLSA records, the MTA-STS record and policy, the TLS-RPT
 * record and the client services. Kept in the history beside the domain's summary row as JSON, and
 * compared run by run ({@link #changesSince}).
 *
 * <p>A fact whose lookup failed is null ("not known this run") and is never compared, so a DNS
 * hiccup is reported once, by its hint, and not as "everything removed".
 *
 * @param mxKind how the domain names its mail servers ({@code listed}, {@code null-mx}, {@code
 *     implicit}, {@code not-found}, {@code dns-failed})
 * @param mx the MX hosts in preference order
 * @param mtaStsRecord the {@code _mta-sts} TXT record as published; empty when there is none, null
 *     when the question got no answer
 * @param policy the MTA-STS policy as fetched and parsed; null when there was no valid one this run
 * @param tlsRpt the {@code _smtp._tls} TXT record as published; empty when none, null when unknown
 * @param srv the client services: {@code _imaps._tcp imap.example.com:993}, sorted
 */
public record DomainPosture(
        String mxKind,
        List<Mx> mx,
        @Nullable String mtaStsRecord,
        @Nullable Policy policy,
        @Nullable String tlsRpt,
        List<String> srv) {

    /**
     * One MX host.
     *
     * @param addresses sorted; null when its address lookup failed
     * @param dnssec the DNSSEC state of its TLSA answer ({@code secure}, …); null when the lookup failed
     * @param tlsa its TLSA records in presentation form, sorted
     */
    public record Mx(
            String host,
            int preference,
            @Nullable List<String> addresses,
            @Nullable String dnssec,
            List<String> tlsa) {
        public Mx {
            Objects.requireNonNull(host, "host");
            addresses = addresses == null ? null : List.copyOf(new TreeSet<>(addresses));
            tlsa = List.copyOf(new TreeSet<>(tlsa));
        }
    }

    /** An MTA-STS policy's facts. */
    public record Policy(String mode, List<String> mx, long maxAge) {
        public Policy {
            Objects.requireNonNull(mode, "mode");
            mx = List.copyOf(mx);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The kinds whose MX answer is known: a failed question is never compared. */
    private static final Set<String> ANSWERED = Set.of("listed", "null-mx", "implicit", "not-found");

    public DomainPosture {
        Objects.requireNonNull(mxKind, "mxKind");
        mx = List.copyOf(mx);
        srv = List.copyOf(new TreeSet<>(srv));
    }

    /** The posture of a finished domain check. */
    public static DomainPosture of(DomainReport r) {
        List<Mx> mx = new ArrayList<>();
        for (MxHost h : r.mx()) {
            mx.add(new Mx(
                    h.host(),
                    h.preference(),
                    h.addressProblem() == null ? h.addresses() : null,
                    h.dane().dnssec() == null ? null : h.dane().dnssec().id(),
                    h.dane().tlsa().stream().map(TlsaRecord::toString).toList()));
        }
        PolicyChecks p = r.policies();
        Parsed<MtaStsPolicy> parsed = p.policy();
        MtaStsPolicy policy = parsed == null ? null : parsed.value();
        List<String> srv = new ArrayList<>();
        for (SrvCheck s : r.srv()) {
            srv.add(s.service().id() + " " + (s.target().isEmpty() ? "." : s.target() + ":" + s.port()));
        }
        boolean policiesAsked =
                r.mxKind() != DomainReport.MxKind.NOT_FOUND && r.mxKind() != DomainReport.MxKind.DNS_FAILED;
        return new DomainPosture(
                kindId(r.mxKind()),
                mx,
                policiesAsked && p.mtaStsDnsProblem() == null ? text(p.mtaStsRecord()) : null,
                policy == null ? null : new Policy(policy.mode().id(), policy.mx(), policy.maxAge()),
                policiesAsked && p.tlsRptDnsProblem() == null ? text(p.tlsRpt()) : null,
                srv);
    }

    private static String text(Parsed<?> record) {
        return record.text() == null ? "" : record.text();
    }

    private static String kindId(DomainReport.MxKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * What changed since {@code then}, for the domain's row {@code target}: MX hosts added, removed or
     * changed, TLSA records and DNSSEC states, the MTA-STS record and policy, TLS-RPT and the client
     * services.
     */
    public List<Change> changesSince(DomainPosture then, String target) {
        List<Change> out = new ArrayList<>();
        if (ANSWERED.contains(then.mxKind) && ANSWERED.contains(mxKind)) {
            mxChanges(then, target, out);
        }
        Map<String, Mx> before = byHost(then.mx);
        for (Mx now : mx) {
            Mx old = before.get(now.host());
            if (old == null || old.dnssec() == null || now.dnssec() == null) {
                continue;
            }
            if (!old.dnssec().equals(now.dnssec())) {
                out.add(new Change(
                        target,
                        Change.Kind.DNSSEC_CHANGED,
                        "DNSSEC of " + now.host() + ": " + old.dnssec() + " → " + now.dnssec()));
            }
            if (!old.tlsa().equals(now.tlsa())) {
                out.add(new Change(
                        target,
                        Change.Kind.TLSA_CHANGED,
                        "TLSA of _25._tcp." + now.host() + ": " + tlsaList(old.tlsa()) + " → " + tlsaList(now.tlsa())));
            }
        }
        if (then.mtaStsRecord != null && mtaStsRecord != null && !then.mtaStsRecord.equals(mtaStsRecord)) {
            out.add(new Change(
                    target,
                    Change.Kind.MTA_STS_CHANGED,
                    "MTA-STS record: " + quoted(then.mtaStsRecord) + " → " + quoted(mtaStsRecord)));
        }
        if (then.policy != null && policy != null && !then.policy.equals(policy)) {
            out.add(new Change(
                    target, Change.Kind.MTA_STS_CHANGED, "MTA-STS policy: " + policyDiff(then.policy, policy)));
        }
        if (then.tlsRpt != null && tlsRpt != null && !then.tlsRpt.equals(tlsRpt)) {
            out.add(new Change(
                    target,
                    Change.Kind.TLSRPT_CHANGED,
                    "TLS-RPT record: " + quoted(then.tlsRpt) + " → " + quoted(tlsRpt)));
        }
        if (!then.srv.equals(srv) && ANSWERED.contains(then.mxKind) && ANSWERED.contains(mxKind)) {
            out.add(new Change(target, Change.Kind.SRV_CHANGED, "client services: " + setDiff(then.srv, srv)));
        }
        return out;
    }

    private void mxChanges(DomainPosture then, String target, List<Change> out) {
        if (!then.mxKind.equals(mxKind)) {
            out.add(new Change(
                    target,
                    Change.Kind.MX_CHANGED,
                    "mail servers: " + kindWords(then.mxKind) + " → " + kindWords(mxKind)));
        }
        Map<String, Mx> before = byHost(then.mx);
        Map<String, Mx> after = byHost(mx);
        for (Mx old : then.mx) {
            if (!after.containsKey(old.host())) {
                out.add(new Change(
                        target, Change.Kind.MX_REMOVED, "MX removed: " + old.preference() + " " + old.host()));
            }
        }
        for (Mx now : mx) {
            Mx old = before.get(now.host());
            if (old == null) {
                out.add(new Change(
                        target,
                        Change.Kind.MX_ADDED,
                        "MX added: " + now.preference() + " " + now.host()
                                + (now.addresses() == null || now.addresses().isEmpty()
                                        ? ""
                                        : " (" + String.join(", ", now.addresses()) + ")")));
                continue;
            }
            if (old.preference() != now.preference()) {
                out.add(new Change(
                        target,
                        Change.Kind.MX_CHANGED,
                        "MX " + now.host() + ": preference " + old.preference() + " → " + now.preference()));
            }
            if (old.addresses() != null
                    && now.addresses() != null
                    && !old.addresses().equals(now.addresses())) {
                out.add(new Change(
                        target,
                        Change.Kind.MX_CHANGED,
                        "MX " + now.host() + " addresses: " + setDiff(old.addresses(), now.addresses())));
            }
        }
    }

    private static String kindWords(String kind) {
        return switch (kind) {
            case "listed" -> "MX records";
            case "null-mx" -> "null MX (accepts no mail)";
            case "implicit" -> "no MX record (the domain's own address)";
            case "not-found" -> "the domain does not exist";
            default -> kind;
        };
    }

    private static String policyDiff(Policy then, Policy now) {
        List<String> parts = new ArrayList<>();
        if (!then.mode().equals(now.mode())) {
            parts.add("mode " + then.mode() + " → " + now.mode());
        }
        if (!then.mx().equals(now.mx())) {
            parts.add("mx " + setDiff(then.mx(), now.mx()));
        }
        if (then.maxAge() != now.maxAge()) {
            parts.add("max_age " + then.maxAge() + " → " + now.maxAge());
        }
        return String.join("; ", parts);
    }

    /** "+b, −a", or "a, b → b, a" when only the order changed. */
    private static String setDiff(List<String> then, List<String> now) {
        List<String> parts = new ArrayList<>();
        now.stream().filter(x -> !then.contains(x)).forEach(x -> parts.add("+" + x));
        then.stream().filter(x -> !now.contains(x)).forEach(x -> parts.add("−" + x));
        return parts.isEmpty() ? listed(then) + " → " + listed(now) : String.join(", ", parts);
    }

    private static String listed(List<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }

    /** A published record in quotes, or "none". */
    private static String quoted(String record) {
        return record.isEmpty() ? "none" : "\"" + record + "\"";
    }

    /**
     * TLSA records for a line people read: the association data cut to its first 12 hex digits (a
     * full certificate in hex would be thousands of characters; the card has them whole).
     */
    private static String tlsaList(List<String> records) {
        return listed(records.stream()
                .map(r -> {
                    int data = r.lastIndexOf(' ') + 1;
                    return r.length() - data > 16 ? r.substring(0, data + 12) + "…" : r;
                })
                .toList());
    }

    private static Map<String, Mx> byHost(List<Mx> hosts) {
        Map<String, Mx> out = new LinkedHashMap<>();
        hosts.forEach(h -> out.putIfAbsent(h.host(), h));
        return out;
    }

    /** The posture as stored in the history. */
    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("mxKind", mxKind);
        ArrayNode hosts = o.putArray("mx");
        for (Mx h : mx) {
            ObjectNode n = hosts.addObject();
            n.put("host", h.host());
            n.put("preference", h.preference());
            if (h.addresses() == null) {
                n.putNull("addresses");
            } else {
                h.addresses().forEach(n.putArray("addresses")::add);
            }
            n.put("dnssec", h.dnssec());
            h.tlsa().forEach(n.putArray("tlsa")::add);
        }
        o.put("mtaStsRecord", mtaStsRecord);
        if (policy == null) {
            o.putNull("policy");
        } else {
            ObjectNode p = o.putObject("policy");
            p.put("mode", policy.mode());
            policy.mx().forEach(p.putArray("mx")::add);
            p.put("maxAge", policy.maxAge());
        }
        o.put("tlsRpt", tlsRpt);
        srv.forEach(o.putArray("srv")::add);
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a posture is always writable", e);
        }
    }

    /**
     * Reads {@link #toJson()}'s output.
     *
     * @throws IllegalArgumentException when the text is not a stored posture
     */
    public static DomainPosture fromJson(String json) {
        try {
            JsonNode o = MAPPER.readTree(json);
            List<Mx> mx = new ArrayList<>();
            for (JsonNode n : o.path("mx")) {
                JsonNode a = n.path("addresses");
                mx.add(new Mx(
                        n.path("host").asText(),
                        n.path("preference").asInt(),
                        a.isArray() ? strings(a) : null,
                        textOrNull(n.path("dnssec")),
                        strings(n.path("tlsa"))));
            }
            JsonNode p = o.path("policy");
            Policy policy = p.isObject()
                    ? new Policy(
                            p.path("mode").asText(),
                            strings(p.path("mx")),
                            p.path("maxAge").asLong())
                    : null;
            String kind = textOrNull(o.path("mxKind"));
            if (kind == null) {
                throw new IllegalArgumentException("a stored domain posture has no mxKind");
            }
            return new DomainPosture(
                    kind,
                    mx,
                    textOrNull(o.path("mtaStsRecord")),
                    policy,
                    textOrNull(o.path("tlsRpt")),
                    strings(o.path("srv")));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stored domain posture: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static @Nullable String textOrNull(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
