package dev.mailtls.card;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.net.Printable;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.HostileText;
import dev.mailtls.testing.ProbeResults;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chat-injection corpus ({@link HostileText}, shared with the Slack and Discord tests) through
 * the terminal text, Markdown and JSON renderers: every invisible character is shown as its escape
 * by the one rule ({@link Printable#hidden}), never raw, and the hostile text is still shown.
 */
class HostileTextCorpusTest {
    /** The zero-width spaces the Markdown renderer puts in itself to break mentions and autolinks. */
    private static final Pattern MARKDOWN_OWN_BREAKS =
            Pattern.compile("(?<=@)\u200B|\u200B(?=://)|(?<=www)\u200B", Pattern.CASE_INSENSITIVE);

    static Stream<HostileText> corpus() {
        return HostileText.stream();
    }

    private static Report report(HostileText h) {
        String text = h.cutSafe();
        return Report.of(
                ProbeResults.healthySubmission()
                        .greeting("220 " + text, "220 " + text)
                        .starttls(true, StartTlsOutcome.Answer.ACCEPTED, "220 " + text)
                        .leaf(Certificates.leaf("smtp.gmail.com")
                                .subject("CN=" + text)
                                .issuer("O=" + text)
                                .sans("smtp.gmail.com", text))
                        .build(),
                new Diagnoser());
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void terminalTextShowsEveryInvisibleCharacterEscaped(HostileText h) {
        String out = new TextRenderer().render(Card.of(report(h)));

        int raw = HostileText.rawHidden(out, HostileText.NONE);
        assertThat(raw).as("raw U+%04X", raw).isEqualTo(-1);
        assertShown(out, h);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void markdownShowsEveryInvisibleCharacterEscapedAndNeverMentions(HostileText h) {
        String out = new MarkdownRenderer().render(Card.of(report(h)));

        int raw = HostileText.rawHidden(out, MARKDOWN_OWN_BREAKS);
        assertThat(raw).as("raw U+%04X", raw).isEqualTo(-1);
        assertThat(Pattern.compile("@(everyone|here)", Pattern.CASE_INSENSITIVE)
                        .matcher(out)
                        .find())
                .isFalse();
        assertThat(out.replace("<redacted>", "")).doesNotContain("<");
        assertShown(out, h);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void jsonKeepsTheTextExactButWritesInvisibleCharactersAsEscapes(HostileText h) throws Exception {
        String out = new JsonRenderer(false).render(report(h));

        // Every hidden character, tag characters beyond the BMP included; the parsed value stays exact.
        int raw = out.codePoints().filter(ServerText::hidden).findFirst().orElse(-1);
        assertThat(raw).as("raw U+%04X", raw).isEqualTo(-1);
        assertThat(new ObjectMapper().readTree(out).toString()).contains(h.marker());
    }

    private static void assertShown(String out, HostileText h) {
        assertThat(out).contains(h.marker());
        for (int c : h.hiddenCharacters()) {
            assertThat(out).as("U+%04X shown escaped", c).contains(Printable.escape(c));
        }
    }
}
