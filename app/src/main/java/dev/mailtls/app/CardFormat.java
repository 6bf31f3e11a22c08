package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import java.io.PrintStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The output options of every command that prints one card ({@code probe}, {@code domain}). */
final class CardFormat {
    @Option(names = "--json", description = "Print the result as JSON (schemaVersion 1).")
    boolean json;

    @Option(names = "--markdown", description = "Print the card as Markdown.")
    boolean markdown;

    @Option(
            names = "--color",
            negatable = true,
            description = "Colour the text card (default: when the output is a terminal).")
    @Nullable
    Boolean color;

    /** The format asked for; {@code --json} with {@code --markdown} is a usage error. */
    Rendered.Format format() throws UsageException {
        if (json && markdown) {
            throw new UsageException("choose one of --json and --markdown");
        }
        return json ? Rendered.Format.JSON : markdown ? Rendered.Format.MARKDOWN : Rendered.Format.TEXT;
    }

    /** Colour: as asked, else when the output is a terminal. */
    boolean colour(Console console) {
        return color != null ? color : console.tty();
    }

    /** Emoji: not with {@code --no-color}, which asks for plain text, nor on a console that cannot encode UTF-8. */
    boolean emoji(Console console) {
        return !Boolean.FALSE.equals(color) && console.unicode();
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
