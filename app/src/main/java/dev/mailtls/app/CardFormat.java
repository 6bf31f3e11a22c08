package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import java.io.PrintStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The output options of every command that prints one card ({@code probe}, {@code domain}):
 * {@code --json}, {@code --markdown}, {@code --[no-]color}. Declared through picocli's programmatic
 * model, not annotations ({@link CommandLines} says why); {@link #addTo} adds them to a command.
 */
final class CardFormat {
    private final OptionSpec json = CommandLines.flag("--json", "Print the result as JSON (schemaVersion 1).");
    private final OptionSpec markdown = CommandLines.flag("--markdown", "Print the card as Markdown.");
    private final OptionSpec color = OptionSpec.builder("--color")
            .negatable(true)
            .type(Boolean.class)
            .arity("0")
            .description("Colour the text card (default: when the output is a terminal).")
            .build();

    /** Adds the three options to {@code command}, after those it has; returns {@code command}. */
    CommandSpec addTo(CommandSpec command) {
        return command.addOption(json).addOption(markdown).addOption(color);
    }

    private boolean json() {
        return Boolean.TRUE.equals(json.getValue());
    }

    private boolean markdown() {
        return Boolean.TRUE.equals(markdown.getValue());
    }

    private @Nullable Boolean color() {
        return color.getValue();
    }

    /** The format asked for; {@code --json} with {@code --markdown} is a usage error. */
    Rendered.Format format() throws UsageException {
        if (json() && markdown()) {
            throw new UsageException("choose one of --json and --markdown");
        }
        return json() ? Rendered.Format.JSON : markdown() ? Rendered.Format.MARKDOWN : Rendered.Format.TEXT;
    }

    /** Colour: as asked, else when the output is a terminal. */
    boolean colour(Console console) {
        Boolean c = color();
        return c != null ? c : console.tty();
    }

    /** Emoji: not with {@code --no-color}, which asks for plain text, nor on a console that cannot encode UTF-8. */
    boolean emoji(Console console) {
        return !Boolean.FALSE.equals(color()) && console.unicode();
    }

    /** Prints {@code text} ending in one newline. */
    static void print(Console console, String text) {
        PrintStream out = console.out();
        out.print(text);
        if (!text.endsWith("\n")) {
            out.println();
        }
        out.flush();
    }
}
