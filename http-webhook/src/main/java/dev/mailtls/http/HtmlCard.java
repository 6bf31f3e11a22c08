package dev.mailtls.http;

import dev.mailtls.card.Card;
import dev.mailtls.card.Card.Field;
import dev.mailtls.card.Card.Section;
import dev.mailtls.diagnosis.Hint;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A card as HTML for the web page: the verdict (the page's heading), the hints each with its fix
 * before its why, the facts and the certificate as label/value lists with the certificate's
 * validity drawn as a bar, the timings, the reproduce command, and the transcript behind a
 * disclosure. Everything wraps, so it reads on a 390-px phone without scrolling sideways.
 *
 * <p>Every value passes {@link Html#serverText} (controls and invisible characters become visible
 * escapes, as in the CLI) and then {@link Html#escape}; only the probes the hints suggest, which
 * mailtls wrote itself, become links.
 */
final class HtmlCard {
    private HtmlCard() {}

    /** @param links the suggested probes' GET links, linked where the text shows them */
    static Html of(Card card, List<String> links) {
        StringBuilder out = new StringBuilder();
        if (!card.subtitle().isEmpty()) {
            out.append("    <p class=\"subtitle\">")
                    .append(text(card.subtitle()))
                    .append("</p>\n");
        }
        hints(out, card.hints(), links);
        out.append("    <div class=\"card\">\n");
        for (Section s : card.sections()) {
            Field heading = s.heading();
            if (heading != null) {
                out.append("      <h3>")
                        .append(text(heading.label()))
                        .append(" <span class=\"value\">")
                        .append(text(heading.value()))
                        .append("</span></h3>\n");
            }
            out.append("      <dl class=\"fields\">\n");
            for (Field f : s.fields()) {
                out.append("        <dt>")
                        .append(text(f.label()))
                        .append("</dt><dd>")
                        .append(linked(f.value(), links));
                if (heading != null && f.label().equals("valid")) {
                    out.append(validityBar(s.lifetime()));
                }
                out.append("</dd>\n");
            }
            out.append("      </dl>\n");
        }
        Card.SuiteTable suites = card.suites();
        if (suites != null) {
            suites(out, suites);
        }
        out.append("      <p class=\"timings\">").append(text(card.timings())).append("</p>\n");
        if (card.cachedNote() != null) {
            out.append("      <p class=\"cached\">")
                    .append(text(card.cachedNote() + " · tick “fresh” to re-run"))
                    .append("</p>\n");
        }
        out.append("      <p class=\"reproduce\">reproduce: <code>")
                .append(text(card.reproduceCommand()))
                .append("</code></p>\n");
        if (!card.transcript().isEmpty()) {
            out.append("      <details class=\"transcript\"><summary>Transcript</summary><pre>");
            for (String line : card.transcript()) {
                out.append(text(line)).append('\n');
            }
            out.append("</pre></details>\n");
        }
        out.append("    </div>\n");
        return new Html(out.toString());
    }

    /**
     * A deep probe's table: a row per accepted version, its summary then one line per key exchange
     * (the fields' {@code pre-line} keeps the lines), then the versions refused and unknown.
     */
    private static void suites(StringBuilder out, Card.SuiteTable t) {
        out.append("      <h3>TLS suites <span class=\"value\">")
                .append(text(t.heading()))
                .append("</span></h3>\n");
        out.append("      <dl class=\"fields suites\">\n");
        for (Card.VersionRow row : t.versions()) {
            String value = row.summary() + (row.groups().isEmpty() ? "" : "\n" + String.join("\n", row.lines()));
            out.append("        <dt>")
                    .append(text(row.version()))
                    .append("</dt><dd>")
                    .append(text(value))
                    .append("</dd>\n");
        }
        if (!t.refused().isEmpty()) {
            out.append("        <dt>refused</dt><dd>")
                    .append(text(String.join(", ", t.refused())))
                    .append("</dd>\n");
        }
        if (!t.unknown().isEmpty()) {
            out.append("        <dt>unknown</dt><dd>")
                    .append(text(String.join("\n", t.unknown())))
                    .append("</dd>\n");
        }
        out.append("      </dl>\n");
    }

    private static void hints(StringBuilder out, List<Hint> hints, List<String> links) {
        if (hints.isEmpty()) {
            return;
        }
        out.append("    <ul class=\"hints\">\n");
        for (Hint h : hints) {
            out.append("      <li class=\"hint severity-")
                    .append(Html.escape(h.severity().id()))
                    .append("\"><p class=\"summary\"><code>")
                    .append(Html.escape(h.code().name()))
                    .append("</code> ")
                    .append(text(h.summary()))
                    .append("</p>");
            if (!h.fix().isEmpty()) {
                out.append("<p class=\"fix\">Fix: ")
                        .append(linked(h.fix(), links))
                        .append("</p>");
            }
            if (!h.detail().isEmpty()) {
                out.append("<p class=\"why\">").append(text(h.detail())).append("</p>");
            }
            out.append("</li>\n");
        }
        out.append("    </ul>\n");
    }

    /**
     * The certificate's lifetime as a {@code <meter>}: how much of it is left at the probe's start,
     * red under 14 days, amber under 30 (the expiry hints' thresholds), a text alternative beside it.
     */
    static String validityBar(Card.@Nullable Lifetime lifetime) {
        if (lifetime == null) {
            return "";
        }
        long total = lifetime.totalDays();
        String words = lifetime.words();
        return "<br><meter class=\"validity\" min=\"0\" max=\"" + total + "\" low=\"" + Math.min(14, total)
                + "\" high=\"" + Math.min(30, total) + "\" optimum=\"" + total + "\" value=\"" + lifetime.daysLeft()
                + "\" title=\"" + Html.escape(words) + "\">" + Html.escape(words) + "</meter>";
    }

    /** Outside text as it shows in the CLI (visible escapes), escaped for HTML. */
    private static String text(String s) {
        return Html.serverText(s);
    }

    /** Escapes {@code s} and makes each of {@code links} (our own GET links) a link where it occurs. */
    static String linked(String s, List<String> links) {
        String html = text(s);
        for (String link : links) {
            String shown = Html.escape(link);
            html = html.replace(shown, "<a href=\"" + shown + "\">" + shown + "</a>");
        }
        return html;
    }
}
