package dev.mailtls.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DidYouMeanTest {
    private static final List<String> COMMANDS =
            List.of("probe", "provider", "scan", "summary", "serve", "healthcheck", "token-hash", "help");

    @ParameterizedTest
    @CsvSource({
        "startls, starttls", // a letter left out
        "starttsl, starttls", // two neighbours swapped
        "smpt, smtp",
        "STARTLS, starttls", // case does not count
        "tsl, tls",
        "plian, plain",
        "imapp, imap",
        "privat, private",
    })
    void aTypoOfAGrammarWordFindsIt(String typo, String word) {
        assertThat(DidYouMean.closest(typo, CommandParser.WORDS)).contains(word);
    }

    @ParameterizedTest
    @CsvSource({"prob, probe", "sevre, serve", "sumary, summary", "healthchek, healthcheck", "Probe, probe"})
    void aTypoOfASubcommandFindsIt(String typo, String command) {
        assertThat(DidYouMean.closest(typo, COMMANDS)).contains(command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "banana", "x", "mail.example.com", "tls1.2", "ehlo", ""})
    void aWordFarFromEveryKnownWordFindsNone(String word) {
        assertThat(DidYouMean.closest(word, CommandParser.WORDS)).isEmpty();
        assertThat(DidYouMean.closest(word, COMMANDS)).isEmpty();
    }

    @Test
    void theAllowedDistanceGrowsWithTheWordButStaysSmall() {
        // A third of the length, at least 1 and at most 3.
        assertThat(DidYouMean.closest("HTP_ADDR", List.of("HTTP_ADDR"))).contains("HTTP_ADDR");
        assertThat(DidYouMean.closest("ab", List.of("abcd"))).isEmpty();
        assertThat(DidYouMean.closest("API_TOKEN", List.of("TOKEN", "API_TOKENS")))
                .contains("API_TOKENS");
        assertThat(DidYouMean.closest("HTTP_PORT", List.of("HTTP_ADDR"))).isEmpty();
        assertThat(DidYouMean.closest("a".repeat(30), List.of("b".repeat(30)))).isEmpty();
    }

    @Test
    void aTieGoesToTheFirstKnownWord() {
        assertThat(DidYouMean.closest("smtq", List.of("smtp", "smtx"))).contains("smtp");
        assertThat(DidYouMean.closest("smtq", List.of("smtx", "smtp"))).contains("smtx");
    }

    @Test
    void distanceCountsASwapOfNeighboursAsOneEdit() {
        assertThat(DidYouMean.distance("starttsl", "starttls")).isEqualTo(1);
        assertThat(DidYouMean.distance("abc", "abc")).isZero();
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("ca", "abc")).isEqualTo(3); // OSA: no edit of a swapped pair
    }
}
