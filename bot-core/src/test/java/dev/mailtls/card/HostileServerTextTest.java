package dev.mailtls.card;

import static dev.mailtls.card.CardTest.card;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResultBuilder;
import dev.mailtls.testing.ProbeResults;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Banners, replies and certificate names written by an attacker must not escape their quotes. */
class HostileServerTextTest {
    static final String ANSI = "220 \u001B[2J\u001B[31mPWNED\u001B]0;owned\u0007 ESMTP \u009B31m";
    static final String BACKTICKS = "220 ``` `code` ```` end`";
    static final String MENTIONS = "220 @everyone @here <!channel> <@U12345> <http://evil.example|click me>";
    static final String LINK = "220 [x](http://evil.example) **bold** _it_ # head";
    static final String BIDI = "220 \u202Eevil\u202C \u2066x\u2069 done";

    private static ProbeResultBuilder banner(String greeting) {
        return ProbeResults.healthySubmission()
                .greeting(greeting, "220-second " + greeting)
                .leaf(Certificates.leaf("smtp.gmail.com").subject("CN=" + greeting.substring(4)));
    }

    @ParameterizedTest
    @ValueSource(strings = {ANSI, BACKTICKS, MENTIONS, LINK, BIDI})
    void textCardNeverCarriesRawControlCharacters(String hostile) {
        String out = new TextRenderer().render(card(banner(hostile)));

        assertThat(out.chars().filter(c -> (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)))
                .isEmpty();
        assertThat(out).doesNotContain("\u202E", "\u2066", "\u2069");
    }

    @Test
    void textShowsEscapesVisibly() {
        String out = new TextRenderer().render(card(banner(ANSI)));

        assertThat(out).contains("Greeting    220 \\x1B[2J\\x1B[31mPWNED\\x1B]0;owned\\x07 ESMTP \\x9B31m\n");
    }

    @Test
    void textKeepsOtherServerTextVerbatim() {
        assertThat(new TextRenderer().render(card(banner(LINK))))
                .contains("Greeting    220 [x](http://evil.example) **bold** _it_ # head\n");
        assertThat(new TextRenderer().render(card(banner(BIDI)))).contains("220 \\u202Eevil\\u202C");
    }

    @ParameterizedTest
    @ValueSource(strings = {ANSI, BACKTICKS, MENTIONS, LINK, BIDI})
    void markdownNeverMentionsLinksOrBreaksOut(String hostile) {
        String out = new MarkdownRenderer().render(card(banner(hostile)));

        assertThat(out).doesNotContain("@everyone", "@here", "<!channel>", "<@U12345>", "<http");
        assertThat(out).doesNotContain("\u001B", "\u202E");
        assertThat(out.replace("<redacted>", "")).doesNotContain("<");
    }

    @Test
    void markdownCodeSpanOutgrowsTheBannersBackticks() {
        String out = new MarkdownRenderer().render(card(banner(BACKTICKS)));

        String greeting = out.lines()
                .filter(l -> l.startsWith("  ") && l.contains("220 ```"))
                .findFirst()
                .orElseThrow();
        // A two-line greeting is a fenced block: its fence must be longer than the banner's 4-run.
        int fence = out.indexOf("\n  `````\n");
        assertThat(fence).as("a 5-backtick fence").isPositive();
        assertThat(greeting).isEqualTo("  220 ``` `code` ```` end`");
        Matcher span = Pattern.compile("- \\*\\*Certificate\\*\\* (`+) (.*) (`+)$", Pattern.MULTILINE)
                .matcher(out);
        assertThat(span.find()).isTrue();
        assertThat(span.group(1)).hasSize(5).isEqualTo(span.group(3));
        assertThat(span.group(2)).isEqualTo("CN=``` `code` ```` end`");
    }

    @Test
    void markdownQuotesLinksAsCode() {
        String out = new MarkdownRenderer().render(card(banner(LINK)));

        assertThat(out).contains("- **Certificate** `CN=[x](http://evil.example) **bold** _it_ # head`");
    }

    @Test
    void markdownNeutralisesMentionsAndAngleBrackets() {
        String out = new MarkdownRenderer().render(card(banner(MENTIONS)));

        assertThat(out)
                .contains("`CN=@\u200Beveryone @\u200Bhere ‹!channel› ‹@U12345› ‹http://evil.example|click me›`");
    }

    @ParameterizedTest
    @ValueSource(strings = {ANSI, BACKTICKS, MENTIONS, LINK, BIDI})
    void jsonCarriesServerTextExactlyAndEscaped(String hostile) throws Exception {
        String out = new JsonRenderer(false).render(Report.of(banner(hostile).build(), new Diagnoser()));

        assertThat(out.chars().filter(c -> c < 0x20)).isEmpty();
        // No raw DEL, C1 control (8-bit CSI), separator or bidi control reaches a terminal either.
        assertThat(out.chars()
                        .filter(c -> c == 0x7f
                                || (c >= 0x80 && c <= 0x9f)
                                || (c >= 0x2028 && c <= 0x202e)
                                || (c >= 0x2066 && c <= 0x2069)))
                .isEmpty();
        JsonNode j = new ObjectMapper().readTree(out);
        assertThat(j.get("greeting").asText()).isEqualTo(hostile + "\n220-second " + hostile);
        assertThat(j.at("/certificate/subject").asText()).isEqualTo("CN=" + hostile.substring(4));
    }
}
