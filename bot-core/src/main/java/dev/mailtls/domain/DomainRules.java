package dev.mailtls.domain;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.tls.CertificateInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The domain-level diagnosis: what the MX answer means, hosts without addresses, addresses that
 * disagree, and DANE's DNSSEC state. Each MX probe keeps its own hints (its card's); these are about
 * the domain as a whole.
 */
final class DomainRules {
    private DomainRules() {}

    static List<Hint> diagnose(
            String domain,
            DomainReport.MxKind kind,
            @Nullable String dnsProblem,
            DnsAnswer<MxRecord> answer,
            List<MxHost> hosts,
            int listed,
            PolicyChecks policies,
            List<SrvCheck> srv,
            DnssecSupport dnssec) {
        List<Hint> hints = new ArrayList<>();
        if (dnssec.indeterminate()) {
            hints.add(unavailable(dnssec));
        }
        switch (kind) {
            case NOT_FOUND ->
                hints.add(new Hint(
                        HintCode.DOMAIN_NOT_FOUND,
                        Severity.ERROR,
                        domain + " does not exist in DNS",
                        "The DNS answered NXDOMAIN for " + domain + ": mail to it bounces at once.",
                        "Check the spelling of the domain; if it is yours, check its registration and its zone's"
                                + " NS records."));
            case DNS_FAILED ->
                hints.add(new Hint(
                        HintCode.DOMAIN_DNS_FAILED,
                        Severity.ERROR,
                        "no usable DNS answer for the MX records of " + domain,
                        (answer.dnssec() == DnssecState.BOGUS
                                        ? "The answer fails DNSSEC validation: validating resolvers answer SERVFAIL,"
                                                + " and senders that use them defer mail. "
                                        : "")
                                + "What went wrong: " + sentence(dnsProblem),
                        answer.dnssec() == DnssecState.BOGUS
                                ? "Check with a validating resolver (delv MX " + domain + "): if it fails there too,"
                                        + " re-sign the zone (expired or broken RRSIG) or fix the DS record at the"
                                        + " parent to match the zone's key. If every domain fails this way, the"
                                        + " resolver mailtls asks does not return DNSSEC records: point --dns (or"
                                        + " MAILTLS_DNS_SERVER) at one that does."
                                : "Check that the domain's name servers answer (dig MX " + domain + ")."));
            case NULL_MX ->
                hints.add(new Hint(
                        HintCode.NULL_MX,
                        Severity.INFO,
                        domain + " accepts no mail (Null MX)",
                        "Its only MX record is \"0 .\" (RFC 7505): senders bounce mail to it at once, and nothing"
                                + " is probed.",
                        "Nothing to do if the domain sends no and receives no mail; to receive mail, replace the"
                                + " Null MX with MX records naming your mail servers."));
            case IMPLICIT ->
                hints.add(new Hint(
                        HintCode.IMPLICIT_MX,
                        Severity.WARNING,
                        domain + " has no MX record: senders use its own address",
                        "Without an MX record senders deliver to the domain's own A/AAAA addresses (the implicit"
                                + " MX of RFC 5321 §5.1), which are often a web server; some senders refuse to.",
                        "Publish an MX record naming the mail server, e.g. \"" + domain + ". 3600 IN MX 10 mail."
                                + domain + ".\", or a Null MX (\"MX 0 .\") if the domain takes no mail."));
            case LISTED -> {
                // The hosts' own problems follow.
            }
        }
        for (MxHost h : hosts) {
            if (h.addressProblem() != null
                    && h.results().isEmpty()
                    && h.notProbed().isEmpty()) {
                hints.add(new Hint(
                        HintCode.MX_NO_ADDRESS,
                        Severity.ERROR,
                        "MX " + h.host() + " has no address to deliver to",
                        h.addressProblem() + ": senders skip this MX"
                                + (hosts.size() > 1 ? " and try the next." : ", and with no other MX mail bounces."),
                        "Publish A (and AAAA) records for " + h.host() + ", or remove it from the MX records of "
                                + domain + "."));
            }
            disagreement(h).ifPresent(hints::add);
            if (!h.notProbed().isEmpty()) {
                hints.add(new Hint(
                        HintCode.MX_NOT_PROBED,
                        Severity.WARNING,
                        h.notProbed().size() + " address" + (h.notProbed().size() == 1 ? "" : "es") + " of MX "
                                + h.host() + " not probed",
                        String.join("; ", h.notProbed()) + ".",
                        "Run the check again, or probe the address alone: mailtls probe "
                                + h.notProbed().get(0).split(": ", 2)[0] + " 25 starttls smtp --sni " + h.host()));
            }
            if (!dnssec.indeterminate()) {
                dane(h).ifPresent(hints::add);
            }
        }
        if (listed > DomainCheck.MAX_MX_HOSTS) {
            hints.add(new Hint(
                    HintCode.MX_NOT_PROBED,
                    Severity.WARNING,
                    (listed - DomainCheck.MAX_MX_HOSTS) + " MX hosts not checked",
                    domain + " lists " + listed + " MX hosts; the check looks at the first " + DomainCheck.MAX_MX_HOSTS
                            + " by preference.",
                    "Probe the others one by one with mailtls probe <host> 25 starttls smtp."));
        }
        if (kind == DomainReport.MxKind.LISTED || kind == DomainReport.MxKind.IMPLICIT) {
            hints.addAll(MtaStsRules.diagnose(domain, policies));
            hints.addAll(clients(domain, srv));
        }
        hints.sort(Comparator.comparing(Hint::severity).reversed());
        return List.copyOf(hints);
    }

    /**
     * The client services (RFC 6186): a target without an address, and a protocol published only
     * with STARTTLS where RFC 8314 prefers implicit TLS.
     */
    private static List<Hint> clients(String domain, List<SrvCheck> srv) {
        List<Hint> hints = new ArrayList<>();
        for (SrvCheck c : srv) {
            if (c.result() == null
                    && !c.target().isEmpty()
                    && c.problem() != null
                    && c.problem().contains("no address")) {
                hints.add(new Hint(
                        HintCode.SRV_TARGET_NO_ADDRESS,
                        Severity.WARNING,
                        c.service().owner(domain) + " names " + c.target() + ", which has no address",
                        c.problem() + ": mail clients that configure themselves from DNS (RFC 6186) cannot"
                                + " connect.",
                        "Publish A/AAAA records for " + c.target() + " or correct the SRV record's target."));
            }
        }
        for (ClientService implicit : List.of(ClientService.SUBMISSIONS, ClientService.IMAPS, ClientService.POP3S)) {
            ClientService upgrade = ClientService.valueOf(
                    implicit.name().substring(0, implicit.name().length() - 1));
            boolean starttls = srv.stream()
                    .anyMatch(c -> c.service() == upgrade && !c.target().isEmpty());
            boolean tls = srv.stream()
                    .anyMatch(c -> c.service() == implicit && !c.target().isEmpty());
            if (starttls && !tls) {
                hints.add(new Hint(
                        HintCode.SRV_STARTTLS_ONLY,
                        Severity.INFO,
                        domain + " publishes " + upgrade.id() + " (STARTTLS) but not " + implicit.id()
                                + " (implicit TLS)",
                        "RFC 8314 asks mail clients to prefer implicit TLS, where nothing is sent before"
                                + " encryption; a client that finds only " + upgrade.owner(domain)
                                + " uses STARTTLS.",
                        "Publish " + implicit.owner(domain) + " (e.g. \"0 1 " + implicitPort(implicit) + " mail."
                                + domain + ".\") if the server offers implicit TLS, and list it before STARTTLS."));
            }
        }
        return hints;
    }

    private static int implicitPort(ClientService s) {
        return switch (s) {
            case SUBMISSIONS -> 465;
            case IMAPS -> 993;
            default -> 995;
        };
    }

    /** {@code text} as a sentence: one full stop at the end, never two. */
    static String sentence(@Nullable String text) {
        String t = text == null ? "" : text.strip();
        return t.endsWith(".") ? t : t + ".";
    }

    /** Addresses of one host that answer differently: STARTTLS on one and not another, other certificates. */
    private static java.util.Optional<Hint> disagreement(MxHost h) {
        if (h.results().size() < 2) {
            return java.util.Optional.empty();
        }
        Set<String> shapes = new LinkedHashSet<>();
        List<String> lines = new ArrayList<>();
        for (MxProbe p : h.results()) {
            Report r = p.report();
            var tls = r.result().tls();
            String leaf = tls == null || tls.chain().isEmpty()
                    ? "no certificate"
                    : "certificate " + shortSha(tls.chain().get(0));
            String shape = r.status().id() + ", " + (tls == null ? "no TLS" : tls.version()) + ", " + leaf;
            shapes.add(shape);
            lines.add(p.address() + ": " + shape);
        }
        if (shapes.size() < 2) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Hint(
                HintCode.MX_ADDRESSES_DISAGREE,
                Severity.WARNING,
                "the addresses of MX " + h.host() + " answer differently",
                String.join("; ", lines) + ". A sender gets one or the other at random, so delivery works"
                        + " or fails depending on the address it picked.",
                "Give every address of " + h.host() + " the same TLS configuration and certificate (a load"
                        + " balancer's members, an IPv6 address served by another machine)."));
    }

    private static String shortSha(CertificateInfo c) {
        String sha = c.sha256().replace(":", "");
        return sha.length() > 16 ? sha.substring(0, 16) + "…" : sha;
    }

    /** The records to publish for the certificate the first address presented, in zone-file form. */
    private static String suggestion(MxHost h) {
        for (MxProbe p : h.results()) {
            var tls = p.report().result().tls();
            if (tls != null
                    && !tls.chain().isEmpty()
                    && !tls.chain().get(0).der().isEmpty()) {
                return "Publish records that match the certificate in use before removing the old ones, e.g.: "
                        + String.join(" ; ", TlsaSuggestion.zoneLines(h.host(), tls.chain()))
                        + ". A 3 1 1 record survives renewals that keep the key; roll it over (new record first,"
                        + " wait the TTL, then the new key) when the key changes.";
            }
        }
        return "Publish TLSA records that match the certificate the MX presents (3 1 1 of its public key), or"
                + " remove the stale ones.";
    }

    /**
     * The resolver cannot support validation (RFC 4033 §5: indeterminate): nothing about DNSSEC or
     * DANE is judged, and the hint says how to ask a resolver that can.
     */
    static Hint unavailable(DnssecSupport dnssec) {
        String consequence = " Without signatures that validate, every DNSSEC verdict of this check is"
                + " indeterminate and DANE (the TLSA records) is not judged; this says nothing about the domain"
                + " itself.";
        if (dnssec.verdict() == DnssecSupport.Verdict.NOT_ANCHORED) {
            return new Hint(
                    HintCode.DNSSEC_UNAVAILABLE,
                    Severity.WARNING,
                    "DNSSEC cannot be checked: the keys " + dnssec.resolver() + " returns do not match the trust"
                            + " anchors",
                    sentence(dnssec.problem()) + consequence,
                    "Check the trust anchors: a --dnssec-anchor file (or MAILTLS_DNSSEC_ANCHORS) must hold the"
                            + " current key (DS or DNSKEY) of the zone it names; with the shipped root anchors,"
                            + " check the machine's clock and update mailtls if the root key has rolled over.");
        }
        return new Hint(
                HintCode.DNSSEC_UNAVAILABLE,
                Severity.WARNING,
                "DNSSEC cannot be checked: " + dnssec.resolver() + " does not pass DNSSEC signatures",
                sentence(dnssec.problem()) + consequence,
                "Point --dns (or MAILTLS_DNS_SERVER) at a resolver that passes DNSSEC, e.g. a local unbound"
                        + " (--dns 127.0.0.1), or at the domain's authoritative server with --dnssec-anchor (or"
                        + " MAILTLS_DNSSEC_ANCHORS) holding its zone's key.");
    }

    /** DANE's DNSSEC state: records nobody may use, or an answer that fails validation. */
    private static java.util.Optional<Hint> dane(MxHost h) {
        DaneCheck d = h.dane();
        if (d.dnssec() == DnssecState.BOGUS) {
            return java.util.Optional.of(new Hint(
                    HintCode.DANE_BOGUS,
                    Severity.ERROR,
                    "the TLSA answer of MX " + h.host() + " fails DNSSEC validation",
                    d.detail() + ". Senders that do DANE (Postfix with smtp_dns_support_level = dnssec, Exim)"
                            + " defer mail to this MX until it validates.",
                    "Re-sign the zone of _25._tcp." + h.host() + " (expired or broken RRSIG), or fix the DS"
                            + " record at its parent."));
        }
        if (Boolean.TRUE.equals(d.matched())) {
            return java.util.Optional.of(new Hint(
                    HintCode.DANE_OK,
                    Severity.OK,
                    "DANE: the TLSA records of MX " + h.host() + " match its certificate",
                    "DNSSEC-signed TLSA records at _25._tcp." + h.host() + ": " + d.detail() + ".",
                    ""));
        }
        if (Boolean.FALSE.equals(d.matched())) {
            return java.util.Optional.of(new Hint(
                    HintCode.DANE_TLSA_MISMATCH,
                    Severity.ERROR,
                    "DANE: the TLSA records of MX " + h.host() + " do not match its certificate",
                    d.detail() + ". Senders that do DANE (Postfix with smtp_dns_support_level = dnssec, Exim)"
                            + " defer mail to this MX: a DNSSEC-signed TLSA record is a promise the certificate"
                            + " breaks.",
                    suggestion(h)));
        }
        if (!d.tlsa().isEmpty() && d.dnssec() == DnssecState.INSECURE) {
            return java.util.Optional.of(new Hint(
                    HintCode.DANE_INSECURE,
                    Severity.WARNING,
                    "TLSA records of MX " + h.host() + " are not DNSSEC-signed",
                    "The zone publishing _25._tcp." + h.host() + " is unsigned, so senders ignore its TLSA"
                            + " records (RFC 7672 §2.2): there is no DANE for this MX.",
                    "Sign the zone with DNSSEC and publish its DS record at the parent, or remove the TLSA"
                            + " records."));
        }
        return java.util.Optional.empty();
    }
}
