package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.MarkdownRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.SuggestingResults;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every probe a hint suggests in the CLI's output (text, Markdown, JSON's fix) runs through the real
 * command line: {@code mailtls probe ...} parses (no exit 64, no usage). The test resolver knows no
 * name, so each run ends at DNS without a connection.
 */
class SuggestedCommandsRunTest {
    private static final Pattern SUGGESTED = Pattern.compile("mailtls [^;)\\n]+");

    @Test
    void everySuggestedCliCommandRunsInTheCli() {
        Set<String> lines = new LinkedHashSet<>();
        Diagnoser diagnoser = new Diagnoser();
        for (ProbeResult r : SuggestingResults.all()) {
            Card card = Card.of(Report.of(r, diagnoser));
            String shown = new TextRenderer(false, false).render(card).replaceAll("\\n\\s+", " ") + "\n"
                    + new MarkdownRenderer(false).render(card);
            card.hints().forEach(h -> {
                Matcher m = SUGGESTED.matcher(h.fix());
                while (m.find()) {
                    String line = m.group().strip();
                    lines.add(line);
                    if (h.severity() != Severity.INFO) {
                        // Cards show the fixes of warnings and errors (JSON has every hint's fix).
                        assertThat(shown).as("the card shows " + line).contains(line);
                    }
                }
            });
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(8);

        for (String line : lines) {
            String[] args = line.substring("mailtls ".length()).split(" ");
            MailtlsCliUsageTest.Run run = MailtlsCliUsageTest.run(Map.of(), args);
            assertThat(run.code()).as(line + "\n" + run.err()).isNotEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(line).doesNotContain("usage:");
        }
    }
}
