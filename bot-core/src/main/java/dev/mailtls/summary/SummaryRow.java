package dev.mailtls.summary;

import dev.mailtls.card.CardSymbols;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.tls.DayCount;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One target's line in a summary, with the facts every renderer shows: the snapshot, days until
 * the certificate expires (counted from the renderer's {@code now}), why the target has its status,
 * the target's changes, and the port, protocol and transport its configured text names (for the
 * matrix of scans and presets).
 *
 * @param certDaysLeft null without a certificate; negative once expired
 * @param changes this target's changes, most urgent first
 * @param port from the configured target, else from {@code hostPort}; null when neither tells
 * @param protocol as configured, else the port's; null when neither tells
 * @param transport as configured, else the port's; null for "auto" on an unknown port
 * @param daysLeftText "51 d", "0 d", "expired 3 d ago", or "—" without a certificate ({@link
 *     #daysLeft(Instant, Instant)})
 * @param reason the worst hint's code and a few words; null only for a snapshot with no code at all
 */
public record SummaryRow(
        TargetSnapshot snapshot,
        @Nullable Long certDaysLeft,
        List<Change> changes,
        @Nullable Integer port,
        @Nullable Protocol protocol,
        @Nullable Transport transport,
        String daysLeftText,
        @Nullable RowReason reason) {

    /** Characters of the "why" column in the chat tables, so seven rows fit one Discord field. */
    static final int TABLE_WHY = 60;

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public SummaryRow {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(daysLeftText, "daysLeftText");
        changes = List.copyOf(changes);
    }

    /**
     * The rows of a summary as people read them: failures first, then warnings, then the rest, each
     * in the group's order.
     */
    public static List<SummaryRow> of(GroupSummary summary, Instant now) {
        return failuresFirst(inGroupOrder(summary, now));
    }

    /** The rows of a summary in the group's order, as the JSON lists its targets. */
    public static List<SummaryRow> inGroupOrder(GroupSummary summary, Instant now) {
        List<SummaryRow> rows = new ArrayList<>();
        for (TargetSnapshot s : summary.run().snapshots()) {
            rows.add(of(s, summary.changesOf(s.target()), now));
        }
        return List.copyOf(rows);
    }

    static SummaryRow of(TargetSnapshot s, List<Change> changes, Instant now) {
        Integer port = null;
        Protocol protocol = null;
        Transport transport = null;
        try {
            ProbeCommand c = CommandParser.parse(s.target());
            port = c.port();
            protocol = c.protocol();
            transport = c.transport();
        } catch (UsageException notInTheGrammar) {
            port = portOf(s.hostPort());
        }
        if (port != null) {
            protocol = protocol != null
                    ? protocol
                    : WellKnownPorts.protocolOf(port).orElse(null);
            transport = transport != null
                    ? transport
                    : WellKnownPorts.transportOf(port).orElse(null);
        }
        return new SummaryRow(
                s,
                s.certDaysLeft(now),
                changes,
                port,
                protocol,
                transport,
                daysLeft(s.certNotAfter(), now),
                RowReason.of(s));
    }

    /** Failures, then warnings, then the rest; the order within one status kept. */
    public static List<SummaryRow> failuresFirst(List<SummaryRow> rows) {
        List<SummaryRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(SummaryRow::status).reversed());
        return List.copyOf(sorted);
    }

    /** Snapshots in the same order as {@link #failuresFirst}, for views that list snapshots. */
    public static List<TargetSnapshot> failuresFirstSnapshots(List<TargetSnapshot> snapshots) {
        List<TargetSnapshot> sorted = new ArrayList<>(snapshots);
        sorted.sort(Comparator.comparing(TargetSnapshot::status).reversed());
        return List.copyOf(sorted);
    }

    /**
     * The rows that matter most first: failures, then warnings, then changed targets, then the rest,
     * each in the group's order. For cut tables, so what is left out is the least urgent.
     */
    public static List<SummaryRow> mostUrgentFirst(List<SummaryRow> rows) {
        List<SummaryRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((SummaryRow r) -> r.status())
                .reversed()
                .thenComparing(r -> r.changes().isEmpty()));
        return List.copyOf(sorted);
    }

    public String target() {
        return snapshot.target();
    }

    /** The host as probed ({@code hostPort} without the port and an IPv6 literal's brackets). */
    public String host() {
        String hp = snapshot.hostPort();
        int colon = hp.lastIndexOf(':');
        String h = colon > 0 && portOf(hp) != null ? hp.substring(0, colon) : hp;
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    public Status status() {
        return snapshot.status();
    }

    /** Whether this is a domain line's own row (its certificates are on its MX rows). */
    public boolean isDomain() {
        return snapshot.posture() != null;
    }

    /** "cert 51 d", "cert expired 3 d ago", "no certificate", or "certs per MX" on a domain's row. */
    public String certText() {
        if (isDomain()) {
            return "certs per MX";
        }
        return certDaysLeft == null ? "no certificate" : "cert " + daysLeftText;
    }

    /** "DNS_NOT_FOUND smtp.example.com does not exist in DNS", or "—" without a reason. */
    public String reasonText() {
        return reason == null ? "—" : reason.text();
    }

    /** "TLSv1.3", "no TLS", or "domain" on a domain's own row. */
    public String tlsText() {
        if (isDomain()) {
            return DOMAIN;
        }
        return snapshot.tlsVersion() == null ? NO_TLS : snapshot.tlsVersion();
    }

    /** What {@link #tlsText()} says without a TLS version. */
    public static final String NO_TLS = "no TLS";

    /** What {@link #tlsText()} says on a domain's own row. */
    public static final String DOMAIN = "domain";

    /** Longest {@link #changesText()} that lists every change's detail. */
    static final int CHANGES_TEXT = 160;

    /**
     * The details of this target's changes joined with "; ", or empty; when that is longer than
     * {@value #CHANGES_TEXT} characters (a domain that moved its MX hosts), how many changes and
     * their kinds ("5 changes: MX removed, MX added, MTA-STS changed"): the summary's change list
     * has them all.
     */
    public String changesText() {
        String all = String.join("; ", changes.stream().map(Change::detail).toList());
        if (all.length() <= CHANGES_TEXT) {
            return all;
        }
        return changes.size() + " changes: "
                + String.join(
                        ", ", changes.stream().map(Change::label).distinct().toList());
    }

    /**
     * Fixed-width rows for a code block (status, host, port, protocol, transport, TLS, days left, why),
     * for the chat renderers; each platform escapes the returned lines for its own code blocks.
     *
     * @param cut shortens a server-given value to a length, with the platform's own marker
     */
    public static List<String> alignedTable(
            List<SummaryRow> rows, boolean withHeader, java.util.function.BiFunction<String, Integer, String> cut) {
        List<List<String>> cells = new ArrayList<>();
        if (withHeader) {
            cells.add(List.of("status", "host", "port", "protocol", "transport", "TLS", "days left", "why"));
        }
        for (SummaryRow r : rows) {
            cells.add(List.of(
                    statusWord(r.status()) + (r.changes().isEmpty() ? "" : "*"),
                    cut.apply(r.host(), 60),
                    r.port() == null ? "—" : String.valueOf(r.port()),
                    r.protocol() == null ? "—" : r.protocol().displayName(),
                    r.transport() == null ? "auto" : r.transport().id(),
                    r.snapshot().tlsVersion() == null
                            ? "—"
                            : cut.apply(r.snapshot().tlsVersion(), 16),
                    r.daysLeftText(),
                    r.reason() == null ? "—" : cut.apply(r.reason().text(TABLE_WHY), TABLE_WHY)));
        }
        int[] widths = new int[8];
        cells.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        List<String> out = new ArrayList<>();
        for (List<String> row : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                b.append(i == 0 ? "" : "  ").append(v).append(" ".repeat(Math.max(0, widths[i] - v.length())));
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    private static String statusWord(Status s) {
        return switch (s) {
            case OK -> "ok";
            case WARNING -> "WARN";
            case FAILURE -> "FAIL";
        };
    }

    /**
     * The one way a summary says a certificate's days: "51 d", "0 d" on its last day, "expired 3 d
     * ago" (whole days since expiry, as the card's hint counts them: {@link DayCount}), "expired <1 d
     * ago" within the first day, "—" without a certificate. Never a negative number.
     */
    public static String daysLeft(@Nullable Instant notAfter, Instant now) {
        if (notAfter == null) {
            return "—";
        }
        long left = DayCount.left(now, notAfter);
        if (left >= 0) {
            return left + " d";
        }
        long ago = DayCount.since(notAfter, now);
        return ago == 0 ? "expired <1 d ago" : "expired " + ago + " d ago";
    }

    /** An instant to the minute, in UTC: "2026-11-02 08:00 UTC". */
    public static String minute(Instant t) {
        return MINUTE.format(t);
    }

    /** "5 targets: 3 ok · 1 warning · 1 failure" (kinds with no target left out). */
    public static String counts(GroupRun run) {
        int[] n = new int[Status.values().length];
        run.snapshots().forEach(s -> n[s.status().ordinal()]++);
        List<String> parts = new ArrayList<>();
        for (Status st : Status.values()) {
            if (n[st.ordinal()] > 0) {
                parts.add(n[st.ordinal()] + " " + st.id());
            }
        }
        int total = run.snapshots().size();
        return total
                + (total == 1 ? " target" : " targets")
                + (parts.isEmpty() ? "" : ": " + String.join(" · ", parts));
    }

    /** How many targets have each status. */
    public static int count(GroupRun run, Status status) {
        return (int) run.snapshots().stream().filter(s -> s.status() == status).count();
    }

    /** "2 changes since 2026-11-01 08:00 UTC", "no changes since …", or "first run". */
    public static String since(GroupSummary summary) {
        GroupRun previous = summary.previous();
        if (previous == null) {
            return "first run";
        }
        int n = summary.changes().size();
        return (n == 0 ? "no changes" : n == 1 ? "1 change" : n + " changes") + " since "
                + SummaryRow.minute(previous.startedAt());
    }

    /** How much a change kind matters: worse (error), look at it (warning), better (ok), news (info). */
    public static Severity severity(Change.Kind kind) {
        return switch (kind) {
            case NEW_FAILURE, STARTTLS_DISAPPEARED -> Severity.ERROR;
            case NEW_HINT, CERT_REPLACED -> Severity.WARNING;
            // What a domain publishes: whoever watches it should know at once (an unplanned MX or
            // TLSA change is how mail is diverted or DANE breaks); its hints say whether it is wrong.
            case MX_REMOVED, MX_ADDED, MX_CHANGED, MTA_STS_CHANGED, TLSA_CHANGED, DNSSEC_CHANGED -> Severity.WARNING;
            case CERT_RENEWED, RECOVERED -> Severity.OK;
            case TLS_VERSION_CHANGED, CIPHER_CHANGED, TLSRPT_CHANGED, SRV_CHANGED, NEW_TARGET -> Severity.INFO;
        };
    }

    /** The symbol a change kind is listed with: ✖ worse, ⚠ look at it, ✔ better, ℹ news. */
    public static String symbol(Change.Kind kind) {
        return CardSymbols.severitySymbol(severity(kind));
    }

    /** The certificate subject a certificate change is about, for quoting beside it; null otherwise. */
    public static @Nullable String certSubjectOf(Change c, GroupRun run) {
        if (c.kind() != Change.Kind.CERT_RENEWED && c.kind() != Change.Kind.CERT_REPLACED) {
            return null;
        }
        return run.snapshots().stream()
                .filter(s -> s.target().equals(c.target()))
                .map(TargetSnapshot::certSubject)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static @Nullable Integer portOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        try {
            int p = Integer.parseInt(hostPort.substring(colon + 1));
            return p >= 1 && p <= 65535 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
