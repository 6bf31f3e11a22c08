package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResults;
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

    static Stream<String> corpus() {
        return Stream.of(
                "<!channel> server down, click below",
                "<!everyone>",
                "<!here|here>",
                "<!subteam^S123|@oncall>",
                "<@U123> please log in",
                "<#C123|general>",
                "<https://evil.example|click here to fix>",
                "<mailto:x@evil.example|mail me>",
                "&lt;!channel&gt; pre-escaped",
                "``` closing the block <!channel> ```",
                "`inline` ` ``",
                "*bold* _x_ ~x~ >quote",
                "\u202Eevil\u202C reversed \u2066x\u2069",
                "zero\u200Bwidth\u200C\u200D\u2060\uFEFF",
                "\u001B[2J\u001B[31mPWNED\u0007\u009B31m\r\rover",
                "A".repeat(10_000) + "<!channel>",
                "line\n".repeat(500) + "<@U999>");
    }

    private static final Pattern ACTIVE = Pattern.compile("<[!@#]|<https?:|<mailto:|\\|[^|]*>");
    private static final Pattern HIDDEN = Pattern.compile(
            "[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F" + "\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u206F\\uFEFF]");

    private static Report hostile(String text) {
        String line = text.lines().findFirst().orElse("");
        return Report.of(
                ProbeResults.healthySubmission()
                        .greeting("220 " + text, "220 " + line)
                        .capsBefore("STARTTLS", "X-" + line)
                        .starttls(true, StartTlsOutcome.Answer.ACCEPTED, "220 " + text)
                        .capsAfter("AUTH PLAIN", "X-" + text)
                        .leaf(Certificates.leaf("smtp.gmail.com")
                                .subject("CN=" + text)
                                .issuer("O=" + text)
                                .sans("smtp.gmail.com", text))
                        .transcript("S: 220 " + text, "C: EHLO mailtls.invalid", "S: 250 " + text)
                        .build(),
                new Diagnoser());
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void cardCarriesNoActiveFormOfHostileServerText(String text) {
        List<LayoutBlock> blocks = new SlackCardRenderer().render(hostile(text), null, "key");

        assertSafe(blocks);
        if (text.contains("<") && text.length() < 1000) {
            // The hostile text is shown, escaped, not dropped (a very long one is cut before its end).
            assertThat(BlockJson.texts(blocks)).anySatisfy(t -> assertThat(t).contains("&lt;"));
        }
        BlockJson.assertWithinLimits(blocks);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void transcriptCarriesNoActiveFormOfHostileServerText(String text) {
        List<LayoutBlock> blocks = TranscriptBlocks.of(new TranscriptStore.Entry(
                "smtp.gmail.com:587", hostile(text).result().transcript()));

        assertSafe(blocks);
        BlockJson.assertWithinLimits(blocks);
    }

    static void assertSafe(List<LayoutBlock> blocks) {
        String json = BlockJson.json(blocks);
        assertThat(json).doesNotContain("<!channel>", "<!everyone>", "<!here", "<@U", "<#C", "<https://", "<mailto:");
        for (String t : BlockJson.texts(blocks)) {
            assertThat(t).as("no raw angle bracket: %s", t).doesNotContain("<", ">");
            assertThat(ACTIVE.matcher(t).find()).as("active form in %s", t).isFalse();
            assertThat(HIDDEN.matcher(t).find()).as("hidden character in %s", t).isFalse();
            assertCodeIsClosed(t);
            assertThat(outsideCode(t))
                    .as("formatting outside code in %s", t)
                    .doesNotContain("*bold*", "_x_", "~x~", "evil", "PWNED", "channel");
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
