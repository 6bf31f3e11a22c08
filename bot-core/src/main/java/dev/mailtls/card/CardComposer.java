package dev.mailtls.card;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.card.Card.Field;
import dev.mailtls.card.Card.Section;
import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.Greeting;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.tls.TlsOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Builds a {@link Card} from a report, in CARD.md's order and words. */
final class CardComposer {
    static final int MAX_GREETING_LINES = 5;
    static final int MAX_CAPABILITIES = 16;

    private static final Set<HintCode> LOGIN_POLICIES = Set.of(
            HintCode.APP_PASSWORD_REQUIRED,
            HintCode.WEB_LOGIN_REQUIRED,
            HintCode.SMTP_AUTH_DISABLED_TENANT,
            HintCode.PLAINTEXT_AUTH_DISALLOWED,
            HintCode.LOGIN_REQUIRES_STARTTLS);

    private CardComposer() {}

    static Card compose(Report report, TryCommand.Form form) {
        ProbeResult r = report.result();
        List<Section> sections = new ArrayList<>();
        List<Field> facts = facts(r);
        if (!facts.isEmpty()) {
            sections.add(new Section(null, facts));
        }
        TlsOutcome tls = r.tls();
        if (tls != null && tls.leaf() != null) {
            sections.add(CertificateSection.of(tls, r.target().host(), r.startedAt()));
        }
        Card.Overview overview = overview(r);
        return new Card(
                title(r.target(), report),
                report.status(),
                overview.line(),
                overview,
                sections,
                report.hints().stream().map(h -> h.in(form)).toList(),
                TimingsLine.of(r),
                r.transcript(),
                ReproduceCommand.of(r, form == TryCommand.Form.CLI),
                null,
                tls == null || tls.enumeration() == null ? null : SuiteTables.of(tls.enumeration()));
    }

    static String title(Target t, Report report) {
        return t.hostPort() + " — " + serviceAndTransport(t) + " — " + statusWord(report);
    }

    /** "SMTP with STARTTLS", "POP3 with STLS", "IMAP with implicit TLS", "SMTP in plaintext". */
    static String serviceAndTransport(Target t) {
        Protocol p = t.protocol();
        String service = p == null ? "mail" : p.displayName();
        Transport transport = t.transport();
        if (transport == null) {
            return service + " (transport not determined)";
        }
        return service
                + switch (transport) {
                    case TLS -> " with implicit TLS";
                    case STARTTLS -> p == Protocol.POP3 ? " with STLS" : " with STARTTLS";
                    case PLAIN -> " in plaintext";
                };
    }

    private static String statusWord(Report report) {
        return switch (report.status()) {
            case OK -> "OK";
            case FAILURE -> "FAILED";
            case WARNING ->
                report.hints().stream()
                                .filter(h -> h.severity() == Severity.WARNING)
                                .allMatch(h -> LOGIN_POLICIES.contains(h.code()))
                        ? "login policy found"
                        : "WARNING";
        };
    }

    private static Card.Overview overview(ProbeResult r) {
        String a = r.address();
        int n = r.addresses().size();
        String note =
                a == null ? "" : (a.contains(":") ? "IPv6" : "IPv4") + (n > 1 ? ", 1 of " + n + " addresses" : "");
        Protocol p = r.target().protocol();
        Transport t = r.target().transport();
        TlsOutcome tls = r.tls();
        return new Card.Overview(
                a,
                note,
                p == null ? Card.Overview.NOT_DETERMINED : p.displayName(),
                t == null ? Card.Overview.NOT_DETERMINED : t.displayName(),
                tls == null ? null : tls.version(),
                tls == null ? null : tls.cipherSuite());
    }

    private static List<Field> facts(ProbeResult r) {
        List<Field> fields = new ArrayList<>();
        Greeting g = r.greeting();
        if (g != null) {
            fields.add(Field.server("Greeting", String.join("\n", cut(g.lines(), MAX_GREETING_LINES, " lines"))));
        }
        List<String> before = r.capabilitiesBeforeTls();
        List<String> after = r.capabilitiesAfterTls();
        boolean upgraded = r.target().transport() == Transport.STARTTLS;
        if (before != null) {
            fields.add(Field.server(upgraded ? "Before TLS" : "Capabilities", joined(before)));
        }
        StartTlsOutcome st = r.starttls();
        if (st != null) {
            String label = r.target().protocol() == Protocol.POP3 ? "STLS" : "STARTTLS";
            fields.add(st.reply() == null ? Field.ours(label, "— (no answer)") : Field.server(label, st.reply()));
            if (st.commandInjection() != null) {
                fields.add(Field.ours(
                        "Pipelined after " + label,
                        switch (st.commandInjection().outcome()) {
                            case EXECUTED -> "executed inside TLS (CVE-2011-0411)";
                            case DISCARDED -> "discarded, as RFC 3207 asks";
                            case UNKNOWN -> "unknown: the check could not tell";
                        }));
            }
        }
        if (after != null) {
            fields.add(
                    before != null
                            ? CapabilityDiff.field(before, after)
                            : Field.server(upgraded ? "After TLS" : "Capabilities", joined(after)));
        }
        TlsOutcome tls = r.tls();
        if (tls != null && tls.legacy() != null) {
            // The normal check (timed as its own phase) ran on further connections beside this one;
            // the deep probe's and the TLS_LEGACY_ONLY retry's answers come from their own runs.
            String how = r.timings().containsKey(Phase.LEGACY_TLS)
                    ? " · checked on further connections at the same time"
                    : "";
            fields.add(Field.ours(
                    "TLS 1.0/1.1",
                    switch (tls.legacy().outcome()) {
                                case ACCEPTED ->
                                    "accepted (" + tls.legacy().acceptedText() + ") when offered only them";
                                case REFUSED -> "refused when offered only them";
                                // A timeout or a broken connection proves nothing: never show it as refused.
                                case UNKNOWN -> "unknown: offers of only them got no answer either way";
                            }
                            + how));
        }
        AuthOutcome auth = r.auth();
        if (auth != null) {
            fields.add(AuthExchange.field(auth));
        }
        Failure f = r.failure();
        String evidence = f == null ? null : f.evidence();
        if (evidence != null && fields.stream().noneMatch(x -> x.value().contains(evidence))) {
            fields.add(Field.server("Evidence", evidence));
        }
        return fields;
    }

    static String joined(List<String> items) {
        return String.join(" · ", cut(items, MAX_CAPABILITIES, ""));
    }

    /** The first {@code max} items and a visible "… (N more)" for the rest. */
    static List<String> cut(List<String> items, int max, String noun) {
        if (items.size() <= max) {
            return items;
        }
        List<String> kept = new ArrayList<>(items.subList(0, max));
        kept.add("… (" + (items.size() - max) + " more" + noun + ")");
        return kept;
    }

    /** The server name the probe sent, or would have sent, in the ClientHello. */
    static @Nullable String sni(ProbeResult r) {
        TlsOutcome tls = r.tls();
        if (tls != null) {
            return tls.sniName();
        }
        String configured = r.request().options().sniName();
        if (configured != null) {
            return configured;
        }
        return r.target().hostIsIpLiteral() ? null : r.target().host();
    }
}
