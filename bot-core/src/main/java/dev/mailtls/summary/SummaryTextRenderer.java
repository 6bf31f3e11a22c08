package dev.mailtls.summary;

import dev.mailtls.card.CardSymbols;
import dev.mailtls.card.ServerText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A group summary as plain text for a terminal, a log or {@code mailtls summary}: a header with the
 * group, run time, worst status and counts; one line per target, failures first (status, target,
 * TLS version, days until the certificate expires, the worst hint's code and words, what changed);
 * then the changes, most urgent first. {@link #matrix} lays the targets out as a table of port,
 * protocol, transport, status, TLS, days left and why, for scans and provider presets. Every line
 * passes through {@link ServerText}.
 */
public final class SummaryTextRenderer {
    private static final int MAX_TARGET_WIDTH = 48;

    public String render(GroupSummary summary, Instant now) {
        List<SummaryRow> rows = SummaryRow.of(summary, now);
        List<String> out = header(summary);
        out.add("");
        int width = Math.min(
                MAX_TARGET_WIDTH,
                rows.stream().mapToInt(r -> r.target().length()).max().orElse(0));
        int tls = Math.max(
                3, rows.stream().mapToInt(r -> r.tlsText().length()).max().orElse(0));
        int cert = rows.stream().mapToInt(r -> r.certText().length()).max().orElse(0);
        int why = Math.min(
                MAX_TARGET_WIDTH,
                rows.stream().mapToInt(r -> r.reasonText().length()).max().orElse(0));
        for (SummaryRow r : rows) {
            String line =
                    CardSymbols.statusIcon(r.status()) + " " + pad(r.target(), width) + "  " + pad(r.tlsText(), tls)
                            + "  " + pad(r.certText(), cert) + "  " + pad(r.reasonText(), why) + "  " + r.changesText();
            out.add(safe(line.stripTrailing()));
        }
        changes(out, summary);
        return String.join("\n", out) + "\n";
    }

    /** The targets as a table, failures first: host, port, protocol, transport, status, TLS, days left, why. */
    public String matrix(GroupSummary summary, Instant now) {
        List<SummaryRow> rows = SummaryRow.of(summary, now);
        List<String> out = header(summary);
        out.add("");
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("host", "port", "protocol", "transport", "status", "TLS", "days left", "why"));
        for (SummaryRow r : rows) {
            table.add(List.of(
                    r.host(),
                    r.port() == null ? "—" : String.valueOf(r.port()),
                    r.protocol() == null ? "—" : r.protocol().displayName(),
                    r.transport() == null ? "auto" : r.transport().id(),
                    r.status().id(),
                    r.snapshot().tlsVersion() == null ? "—" : r.snapshot().tlsVersion(),
                    r.daysLeftText(),
                    r.reasonText()));
        }
        int[] widths = new int[table.get(0).size()];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.min(
                        MAX_TARGET_WIDTH, Math.max(widths[i], row.get(i).length()));
            }
        }
        for (List<String> row : table) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                b.append(i == 0 ? "" : "  ").append(pad(row.get(i), widths[i]));
            }
            out.add(safe(b.toString().stripTrailing()));
        }
        changes(out, summary);
        return String.join("\n", out) + "\n";
    }

    /** "❌ mail-edge — failure — 2026-11-02 08:00 UTC" and the counts with the previous run's time. */
    static List<String> header(GroupSummary summary) {
        GroupRun run = summary.run();
        List<String> out = new ArrayList<>();
        out.add(safe(CardSymbols.statusIcon(run.status()) + " " + run.group() + " — "
                + run.status().id() + " — " + SummaryRow.minute(run.startedAt())));
        out.add("   " + safe(SummaryRow.counts(run) + " · " + SummaryRow.since(summary)));
        return out;
    }

    private static void changes(List<String> out, GroupSummary summary) {
        if (summary.changes().isEmpty()) {
            return;
        }
        out.add("");
        out.add("Changes");
        int kindWidth = summary.changes().stream()
                .mapToInt(c -> c.kind().name().length())
                .max()
                .orElse(0);
        for (Change c : summary.changes()) {
            String subject = SummaryRow.certSubjectOf(c, summary.run());
            out.add(safe("  " + SummaryRow.symbol(c.kind()) + " " + pad(c.kind().name(), kindWidth) + "  " + c.target()
                    + "  " + c.detail() + (subject == null ? "" : " (subject " + subject + ")")));
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String safe(String s) {
        return ServerText.oneLine(s);
    }
}
