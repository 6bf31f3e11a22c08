package dev.mailtls.domain;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.TlsOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A domain report as a {@link Card}, so every renderer that shows a probe's card (text, Markdown,
 * Slack, Discord, the web page) shows a domain with the same escaping: the verdict and the worst
 * problem first, then one line per MX host, then the domain's hints; each MX address's own card
 * is one {@code mailtls probe} away.
 */
public final class DomainCard {
    private DomainCard() {}

    public static Card of(DomainReport r) {
        String title = r.domain() + " — mail domain — " + r.status().name();
        List<Card.Section> sections = new ArrayList<>();
        List<Card.Field> mx = new ArrayList<>();
        for (MxHost h : r.mx()) {
            mx.add(new Card.Field("MX " + h.preference(), h.host() + "\n" + hostLine(h), true));
        }
        if (!mx.isEmpty()) {
            sections.add(new Card.Section(null, mx));
            sections.add(new Card.Section(null, policyFields(r.policies())));
            if (!r.srv().isEmpty()) {
                List<Card.Field> clients = new ArrayList<>();
                for (SrvCheck c : r.srv()) {
                    String value = (c.target().isEmpty() ? "." : c.target() + ":" + c.port()) + "  "
                            + (c.result() == null ? c.problem() : probeLine(c.result()));
                    clients.add(new Card.Field(c.service().id(), value, true));
                }
                sections.add(new Card.Section(null, clients));
            }
        }
        // The MX probes' own warnings and errors, each under its address: the domain's worst problem may be one.
        List<Hint> hints = new ArrayList<>(r.hints());
        for (MxHost h : r.mx()) {
            for (MxProbe p : h.results()) {
                Hint worst = worst(p.report());
                if (worst != null && worst.severity().compareTo(dev.mailtls.diagnosis.Severity.WARNING) >= 0) {
                    hints.add(new Hint(
                            worst.code(),
                            worst.severity(),
                            h.host() + " (" + p.address() + "): " + worst.summary(),
                            worst.detail(),
                            worst.fix()));
                }
            }
        }
        for (SrvCheck c : r.srv()) {
            Hint worst = c.result() == null ? null : worst(c.result());
            if (worst != null && worst.severity().compareTo(dev.mailtls.diagnosis.Severity.WARNING) >= 0) {
                hints.add(new Hint(
                        worst.code(),
                        worst.severity(),
                        c.service().id() + " " + c.target() + ":" + c.port() + ": " + worst.summary(),
                        worst.detail(),
                        worst.fix()));
            }
        }
        hints.sort(java.util.Comparator.comparing(Hint::severity).reversed());
        String timings = r.timings().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue() + " ms")
                        .collect(Collectors.joining(" · "))
                + (r.timings().isEmpty() ? "" : " · ") + "total " + r.totalMs() + " ms";
        return new Card(
                title,
                r.status(),
                subtitle(r),
                Card.Overview.NONE,
                sections,
                hints,
                timings,
                List.of(),
                "mailtls domain " + r.domain(),
                null);
    }

    /** The policy section: MTA-STS and TLS-RPT as published, in a line each. */
    private static List<Card.Field> policyFields(PolicyChecks p) {
        List<Card.Field> fields = new ArrayList<>();
        String sts = switch (p.mtaStsRecord().status()) {
            case ABSENT -> p.mtaStsDnsProblem() == null ? "none" : "no answer: " + p.mtaStsDnsProblem();
            case INVALID ->
                "record not valid: " + String.join("; ", p.mtaStsRecord().problems());
            case VALID -> {
                Parsed<MtaStsPolicy> parsed = p.policy();
                MtaStsFetch fetch = p.fetch();
                if (parsed == null) {
                    yield "policy not fetched: "
                            + (fetch == null || fetch.failure() == null
                                    ? "no fetch by the deadline"
                                    : fetch.failure().message());
                }
                MtaStsPolicy policy = parsed.value();
                yield policy == null
                        ? "policy not valid: " + String.join("; ", parsed.problems())
                        : "mode " + policy.mode().id() + " · mx " + String.join(", ", policy.mx()) + " · max_age "
                                + policy.maxAge();
            }
        };
        fields.add(new Card.Field("MTA-STS", sts, true));
        String rpt = switch (p.tlsRpt().status()) {
            case ABSENT -> p.tlsRptDnsProblem() == null ? "none" : "no answer: " + p.tlsRptDnsProblem();
            case INVALID -> "record not valid: " + String.join("; ", p.tlsRpt().problems());
            case VALID -> "reports to " + String.join(", ", p.tlsRpt().value().rua());
        };
        fields.add(new Card.Field("TLS-RPT", rpt, true));
        return fields;
    }

    /** "2 MX hosts · 3 addresses probed · DANE: secure": what the domain is, in one line. */
    private static String subtitle(DomainReport r) {
        return switch (r.mxKind()) {
            case NOT_FOUND -> "the domain does not exist";
            case DNS_FAILED -> "no usable answer for its MX records";
            case NULL_MX -> "Null MX: accepts no mail";
            case IMPLICIT, LISTED -> {
                int probed = r.mx().stream().mapToInt(h -> h.results().size()).sum();
                String kind = r.mxKind() == DomainReport.MxKind.IMPLICIT
                        ? "no MX record (implicit MX)"
                        : r.mx().size() + " MX host" + (r.mx().size() == 1 ? "" : "s");
                yield kind + " · " + probed + " address" + (probed == 1 ? "" : "es") + " probed on port 25";
            }
        };
    }

    /** One line per address: "192.0.2.1 ✔ STARTTLS · TLSv1.3 · cert 89 d · trusted", then DANE. */
    private static String hostLine(MxHost h) {
        List<String> lines = new ArrayList<>();
        if (h.addressProblem() != null) {
            lines.add(h.addressProblem());
        }
        for (MxProbe p : h.results()) {
            lines.add(p.address() + "  " + probeLine(p.report()));
        }
        h.notProbed().forEach(lines::add);
        lines.add("DANE: " + h.dane().detail()
                + (h.dane().dnssec() == null
                        ? ""
                        : " (DNSSEC " + h.dane().dnssec().id() + ")"));
        return String.join("\n", lines);
    }

    private static String probeLine(Report report) {
        ProbeResult r = report.result();
        List<String> parts = new ArrayList<>();
        parts.add(report.status().name().toLowerCase(Locale.ROOT));
        if (r.failure() != null) {
            parts.add(r.failure().code().name());
        }
        if (r.starttls() != null) {
            parts.add(r.starttls().accepted() ? "STARTTLS" : "no STARTTLS");
        }
        TlsOutcome tls = r.tls();
        if (tls != null) {
            parts.add(tls.version());
            if (!tls.chain().isEmpty()) {
                CertificateInfo leaf = tls.chain().get(0);
                parts.add("certificate " + leaf.daysLeft() + " d left");
                parts.add(tls.trust().trusted() ? "trusted" : "not trusted");
                parts.add(tls.hostname().matches() ? "name matches" : "name does not match");
            }
        }
        Hint worst = worst(report);
        if (worst != null
                && worst.severity().compareTo(dev.mailtls.diagnosis.Severity.WARNING) >= 0
                && !parts.contains(worst.code().name())) {
            parts.add(worst.code().name());
        }
        return String.join(" · ", parts);
    }

    private static @Nullable Hint worst(Report report) {
        return Hint.worst(report.hints());
    }
}
