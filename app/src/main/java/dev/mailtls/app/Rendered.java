package dev.mailtls.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    /**
     * Set by the launcher on the run that records the JVM's start-up cache (.ci/jvm-cache.sh): that
     * run prepares the JSON writer whatever it prints, so that the cache holds it for a later
     * {@code --json}.
     */
    static final String JVM_CACHE_TRAINING = "mailtls.jvmCacheTraining";

    /**
     * For a cold process about to probe once: initializes what rendering {@code format} first needs
     * (Jackson's node and generator classes for JSON) on a
     * daemon thread, while the probe waits on the network. Nothing is kept.
     */
    static void prepare(Format format) {
        if (format == Format.JSON || Boolean.getBoolean(JVM_CACHE_TRAINING)) {
            Thread.ofPlatform()
                    .name("mailtls-prepare-json")
                    .daemon(true)
                    .start(() -> new JsonRenderer(true, true)
                            .write(JsonNodeFactory.instance.objectNode().put("prepared", true)));
        }
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
