package dev.mailtls.app;

import dev.mailtls.card.Card;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.card.MarkdownRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.probe.ProbeResult;

/** A probe result diagnosed and rendered for the terminal, with the exit code it implies. */
record Rendered(String text, int exitCode) {

    enum Format {
        TEXT,
        MARKDOWN,
        JSON
    }

    /** @param emoji the text card's status emoji and hint symbols (off for --no-color and non-UTF-8 consoles) */
    static Rendered of(
            ProbeResult result, Diagnoser diagnoser, Format format, boolean colour, boolean emoji, boolean transcript) {
        Report report = Report.of(result, diagnoser);
        String text = switch (format) {
            case JSON -> new JsonRenderer(true, true).render(report);
            case MARKDOWN -> new MarkdownRenderer(transcript).render(Card.of(report));
            case TEXT -> new TextRenderer(colour, emoji, transcript).render(Card.of(report));
        };
        return new Rendered(text, report.status().exitCode());
    }
}
