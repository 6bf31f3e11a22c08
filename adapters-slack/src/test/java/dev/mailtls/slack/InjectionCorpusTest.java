package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.card.Report;
import dev.mailtls.net.Printable;
import dev.mailtls.testing.HostileText;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Banners, replies, certificate names and transcripts written by an attacker: whatever they hold,
 * the rendered Block Kit JSON carries no mention, no link, no broken-out code and no hidden or
 * reordering character.
 */
class InjectionCorpusTest {

    static Stream<HostileText> corpus() {
        return HostileText.stream();
    }

    private static final Pattern ACTIVE = HostileText.SLACK_ACTIVE;

    private static Report hostile(HostileText h) {
        return hostile(h.cutSafe());
    }

    private static Report hostile(String text) {
        return HostileText.report(text);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void cardCarriesNoActiveFormOfHostileServerText(HostileText h) {
        List<LayoutBlock> blocks = new SlackCardRenderer().render(hostile(h), null, "key");

        assertSafe(blocks, h);
        // The hostile text is shown, escaped, not dropped: in the greeting, the STARTTLS reply, the
        // certificate's subject and its issuer.
        List<String> texts = BlockJson.texts(blocks);
        for (String label : List.of("*Greeting*", "*STARTTLS*", "*Certificate*", "*issuer*")) {
            assertThat(texts)
                    .as("%s quotes the hostile text", label)
                    .anySatisfy(t -> assertThat(t).startsWith(label).contains(h.marker()));
        }
        if (h.text().contains("<") && h.text().length() < 1000) {
            assertThat(texts).anySatisfy(t -> assertThat(t).contains("&lt;"));
        }
        BlockJson.assertWithinLimits(blocks);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void transcriptCarriesNoActiveFormOfHostileServerText(HostileText h) {
        List<LayoutBlock> blocks = TranscriptBlocks.of(new TranscriptStore.Entry(
                "smtp.gmail.com:587", hostile(h).result().transcript()));

        assertSafe(blocks, h);
        assertThat(BlockJson.texts(blocks)).anySatisfy(t -> assertThat(t).contains(h.marker()));
        BlockJson.assertWithinLimits(blocks);
    }

    /**
     * What must never happen: a mention or link Slack parses, a raw angle bracket, a hidden
     * character, code that breaks out, formatting outside code; and what must: each invisible
     * character of the hostile text is shown as its escape.
     */
    static void assertSafe(List<LayoutBlock> blocks, HostileText h) {
        String json = BlockJson.json(blocks);
        assertThat(json).doesNotContain("<!channel>", "<!everyone>", "<!here", "<@U", "<#C", "<https://", "<mailto:");
        for (String t : BlockJson.texts(blocks)) {
            assertThat(t).as("no raw angle bracket: %s", t).doesNotContain("<", ">");
            assertThat(ACTIVE.matcher(t).find()).as("active form in %s", t).isFalse();
            int hidden = HostileText.rawHidden(t, HostileText.NONE);
            assertThat(hidden).as("raw U+%04X in %s", hidden, t).isEqualTo(-1);
            assertCodeIsClosed(t);
            assertThat(outsideCode(t))
                    .as("formatting outside code in %s", t)
                    .doesNotContain("*bold*", "_x_", "~x~", "evil", "PWNED", "channel");
        }
        String shown = String.join("\n", BlockJson.texts(blocks));
        for (int c : h.hiddenCharacters()) {
            assertThat(shown).as("U+%04X shown escaped", c).contains(Printable.escape(c));
        }
    }

    /** Fences come in pairs and each opens a line's start or closes a line's end: nothing broke out. */
    private static void assertCodeIsClosed(String t) {
        int fences = t.split("```", -1).length - 1;
        assertThat(fences % 2).as("unbalanced code fences in %s", t).isZero();
        assertThat(t).doesNotContain("````");
        String rest = t.replaceAll("(?s)```.*?```", "");
        assertThat(rest.chars().filter(c -> c == '`').count() % 2)
                .as("unbalanced inline code in %s", t)
                .isZero();
    }

    private static String outsideCode(String t) {
        return t.replaceAll("(?s)```.*?```", "").replaceAll("`[^`]*`", "");
    }
}
