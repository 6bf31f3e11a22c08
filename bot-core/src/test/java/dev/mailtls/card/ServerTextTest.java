package dev.mailtls.card;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.net.Printable;
import dev.mailtls.testing.CodePointClasses;
import org.junit.jupiter.api.Test;

class ServerTextTest {
    @Test
    void everyCoreEscaperHidesWhatServerTextHides() {
        CodePointClasses.assertAgreesWithServerText("ServerText.keepingLines", ServerText::keepingLines);
        CodePointClasses.assertAgreesWithServerText("ServerText.oneLine", ServerText::oneLine);
        CodePointClasses.assertAgreesWithServerText("Printable.of", s -> Printable.of(s, 1000));
        CodePointClasses.assertAgreesWithServerText("Markdown code span", MarkdownRenderer::codeSpan);
        CodePointClasses.assertAgreesWithServerText("Markdown prose", MarkdownRenderer::ours);
        CodePointClasses.assertAgreesWithServerText(
                "Markdown fence", s -> String.join("\n", MarkdownRenderer.fenced(s)));
    }

    @Test
    void lineLayoutKeepsLineFeedsAndCrlfsAndEscapesALoneCr() {
        CodePointClasses.assertLineEndings("ServerText.keepingLines", ServerText::keepingLines);
        CodePointClasses.assertLineEndings("Markdown fence", s -> String.join("\n", MarkdownRenderer.fenced(s)));
    }

    @Test
    void oneLineEscapesEveryLineEnding() {
        assertThat(ServerText.oneLine("a\r\nb\nc\rd")).isEqualTo("a\\x0D\\x0Ab\\x0Ac\\x0Dd");
    }

    @Test
    void aCharacterBeyondTheBmpIsNeverJudgedByHalfOfItsPair() {
        // U+1D800 (Sutton SignWriting) and U+2D800 (CJK) have low 16 bits in the surrogate range.
        String signWriting = new StringBuilder().appendCodePoint(0x1D800).toString();
        String cjk = new StringBuilder().appendCodePoint(0x2D800).toString();
        assertThat(ServerText.keepingLines(signWriting + cjk)).isEqualTo(signWriting + cjk);
        assertThat(Printable.of(signWriting, 100)).isEqualTo(signWriting);
    }

    @Test
    void loneSurrogatesAndTagCharactersAreShownEscaped() {
        assertThat(ServerText.keepingLines("a\uD800b\uDC00c")).isEqualTo("a\\uD800b\\uDC00c");
        assertThat(ServerText.oneLine("tag\uDB40\uDC41")).isEqualTo("tag\\u{E0041}");
    }

    @Test
    void jsonWritesHiddenCharactersBeyondTheBmpAsEscapedPairsAndParsesBackExactly() throws Exception {
        String tag = "tag\uDB40\uDC41 emoji \uD83D\uDE00";
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of("v", tag));

        String out = TerminalSafeEscapes.escapeSurrogates(json);

        assertThat(out).contains("tag\\uDB40\\uDC41").contains("\uD83D\uDE00").doesNotContain("\uDB40");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(out)
                        .get("v")
                        .asText())
                .isEqualTo(tag);
    }

    @Test
    void jsonHidesWhatServerTextHidesOnEveryCodePointClass() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        mapper.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
        for (int cp : CodePointClasses.sample()) {
            String raw = new StringBuilder().appendCodePoint(cp).toString();
            String out = TerminalSafeEscapes.escapeSurrogates(
                    mapper.writeValueAsString(java.util.Map.of("v", "Q" + raw + "Z")));
            if (ServerText.hidden(cp)) {
                assertThat(out).as("JSON escapes hidden U+%04X", cp).doesNotContain(raw);
            } else if (cp > 0x7f) {
                assertThat(out).as("JSON shows U+%04X raw", cp).contains(raw);
            }
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(out)
                            .get("v")
                            .asText())
                    .as("JSON keeps U+%04X exact", cp)
                    .isEqualTo("Q" + raw + "Z");
        }
    }
}
