package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {

    @Test
    void escapeTurnsAmpersandAndAngleBracketsIntoEntities() {
        assertThat(SlackText.escape("a & b <!channel> <@U123> <https://evil|click>"))
                .isEqualTo("a &amp; b &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|click&gt;");
    }

    @Test
    void escapeShowsControlBidiAndZeroWidthCharactersAsVisibleEscapes() {
        assertThat(SlackText.escape("a\u001B[31mb\u202Ec\u200Bd\uFEFFe\u0007"))
                .isEqualTo("a\\x1B[31mb\\u202Ec\\u200Bd\\uFEFFe\\x07");
    }

    @Test
    void escapeKeepsLineFeedsAndFoldsCrlf() {
        // A lone CR is shown as every front end shows it (bot-core's ServerText), not as "\\r".
        assertThat(SlackText.escape("220-a\r\n220 b\rc")).isEqualTo("220-a\n220 b\\x0Dc");
    }

    @Test
    void codeReplacesBackticksSoServerTextCannotCloseTheSpan() {
        assertThat(SlackText.code("220 `x` ``` y")).isEqualTo("`220 ˋxˋ ˋˋˋ y`");
    }

    @Test
    void codeBlockHasExactlyTwoFencesWhateverTheServerSent() {
        String block = SlackText.codeBlock("```\n*bold*\n```<!here>", 3000);

        assertThat(block).startsWith("```\n").endsWith("\n```");
        assertThat(block.split("```", -1)).hasSize(3);
        assertThat(block).contains("&lt;!here&gt;").doesNotContain("<");
    }

    @Test
    void codeBlockCutsWholeLinesWithAVisibleMarkerAndKeepsItsClosingFence() {
        String lines = "250-line\n".repeat(1000);

        String block = SlackText.codeBlock(lines, 500);

        assertThat(block.length()).isLessThanOrEqualTo(500);
        assertThat(block).endsWith(" more lines)\n```").contains("… (");
    }

    @Test
    void proseNeutralisesFormattingMarkers() {
        assertThat(SlackText.prose("*bold* _it_ ~strike~ `code` MAILTLS_ALLOW_CIDRS"))
                .isEqualTo("∗bold∗ ˍitˍ ∼strike∼ ˋcodeˋ MAILTLS_ALLOW_CIDRS");
    }

    @Test
    void plainTextHasNoAngleBracketsOrAmpersands() {
        assertThat(SlackText.plain("<!channel> & <b>\nx")).isEqualTo("‹!channel› ＆ ‹b› x");
    }

    @Test
    void limitsCutCountsWhatWasLeftOut() {
        String cut = Limits.cut("x".repeat(5000), 3000);

        assertThat(cut).hasSizeLessThanOrEqualTo(3000).endsWith("more characters)");
        int kept = cut.indexOf('…');
        assertThat(cut).endsWith("… (" + (5000 - kept) + " more characters)");
    }
}
