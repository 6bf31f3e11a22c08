package dev.mailtls.app;

import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.SummaryJsonRenderer;
import dev.mailtls.summary.SummaryMarkdownRenderer;
import dev.mailtls.summary.SummaryTextRenderer;
import java.time.Instant;

/** How a group's summary is printed: text (lines or a matrix), Markdown or JSON. */
final class GroupOutput {
    private GroupOutput() {}

    /** @param matrix one row per port, for scans and presets; else one line per target with changes */
    static String render(GroupSummary summary, Instant now, boolean json, boolean markdown, boolean matrix) {
        if (json) {
            return new SummaryJsonRenderer(true).render(summary, now);
        }
        if (markdown) {
            SummaryMarkdownRenderer md = new SummaryMarkdownRenderer();
            return matrix ? md.matrix(summary, now) : md.render(summary, now);
        }
        SummaryTextRenderer text = new SummaryTextRenderer();
        return matrix ? text.matrix(summary, now) : text.render(summary, now);
    }
}
