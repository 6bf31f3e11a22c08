package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.testing.ProbeResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A card's JSON kept with its result: each request gets exactly the bytes writing the whole tree
 * gives, with its own {@code cachedAgeSeconds}, and server text escaped as before.
 */
class RenderedCardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServiceResult.Asked ASKED =
            new ServiceResult.Asked("token:1a2b3c4d", Instant.parse("2026-11-29T10:00:00Z"));

    private final Diagnoser diagnoser = new Diagnoser();
    private final RenderedCards cards = new RenderedCards(diagnoser);

    static List<ProbeResult> results() {
        return List.of(
                ProbeResults.healthySubmission().build(),
                ProbeResults.yahooNoGreeting().build(),
                ProbeResults.gmailAppPassword().build(),
                hostileServerText());
    }

    /** Server text with everything the renderers escape: controls, bidi, zero-width, HTML, quotes, emoji. */
    private static ProbeResult hostileServerText() {
        return ProbeResults.healthySubmission()
                .greeting(
                        "220 evil.example ESMTP \u202Egnp.exe\u202C <script>alert(\"x\")</script>",
                        "220 \u001B[31mred\u001B[0m \u0000 \u200B zero-width \uD83D\uDE00 \\ \"quoted\"")
                .transcript("S: 220 \u2028line\u2029para \u0085 \uFEFF")
                .build();
    }

    private static ProbeCommand command(ProbeResult r) throws Exception {
        return CommandParser.parse(r.request().host() + " " + r.request().port());
    }

    @ParameterizedTest
    @MethodSource("results")
    void aKeptCardIsByteForByteTheWholeTreeWrittenWithThisRequestsAge(ProbeResult result) throws Exception {
        ProbeCommand command = command(result);
        for (Duration age : Arrays.asList(null, Duration.ZERO, Duration.ofSeconds(42), Duration.ofHours(24))) {
            Answer kept = cards.answer(new ServiceResult.Probed(result, age, ASKED), command);
            Answer whole = Answer.of(new ServiceResult.Probed(result, age, ASKED), diagnoser, command);
            assertThat(kept).isInstanceOf(Answer.Carded.class);

            String expected = ((Answer.Carded) whole).render(ResponseFormat.JSON, false);
            assertThat(cards.json((Answer.Carded) kept)).isEqualTo(expected);
        }
    }

    @Test
    void theAgeIsThisRequestsOwnAndNullForAFreshProbe() throws Exception {
        ProbeResult r = ProbeResults.healthySubmission().build();
        ProbeCommand command = command(r);

        String fresh = cards.json((Answer.Carded) cards.answer(new ServiceResult.Probed(r, null, ASKED), command));
        String cached = cards.json(
                (Answer.Carded) cards.answer(new ServiceResult.Probed(r, Duration.ofMillis(42_900), ASKED), command));
        String older = cards.json(
                (Answer.Carded) cards.answer(new ServiceResult.Probed(r, Duration.ofSeconds(299), ASKED), command));

        assertThat(JSON.readTree(fresh).get("cachedAgeSeconds").isNull()).isTrue();
        assertThat(JSON.readTree(cached).get("cachedAgeSeconds").asLong()).isEqualTo(42);
        assertThat(JSON.readTree(older).get("cachedAgeSeconds").asLong()).isEqualTo(299);
        JsonNode a = JSON.readTree(fresh);
        JsonNode b = JSON.readTree(older);
        ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("cachedAgeSeconds");
        ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove("cachedAgeSeconds");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void serverTextStaysEscapedInTheKeptJson() throws Exception {
        ProbeResult r = hostileServerText();
        String first = cards.json((Answer.Carded) cards.answer(new ServiceResult.Probed(r, null, ASKED), command(r)));
        String hit = cards.json(
                (Answer.Carded) cards.answer(new ServiceResult.Probed(r, Duration.ofSeconds(5), ASKED), command(r)));

        for (String json : List.of(first, hit)) {
            assertThat(json)
                    .contains("\\u202E", "\\u202C", "\\u001B", "\\u0000", "\\u200B", "\\u2028", "\\u2029", "\\u0085")
                    .doesNotContain("\u202E", "\u001B", "\u0000", "\u200B", "\u2028", "\u0085");
            assertThat(JSON.readTree(json).get("greeting").toString()).contains("<script>alert(\\\"x\\\")</script>");
        }
    }

    @Test
    void aResultAnsweredBeforeKeepsItsDiagnosisAndOtherResultsGetTheirOwn() throws Exception {
        ProbeResult healthy = ProbeResults.healthySubmission().build();
        ProbeResult silent = ProbeResults.yahooNoGreeting().build();

        Answer.Carded first =
                (Answer.Carded) cards.answer(new ServiceResult.Probed(healthy, null, ASKED), command(healthy));
        Answer.Carded again = (Answer.Carded)
                cards.answer(new ServiceResult.Probed(healthy, Duration.ofSeconds(3), ASKED), command(healthy));
        Answer.Carded other =
                (Answer.Carded) cards.answer(new ServiceResult.Probed(silent, null, ASKED), command(silent));

        assertThat(again.report()).isSameAs(first.report());
        assertThat(again.cachedAge()).isEqualTo(Duration.ofSeconds(3));
        assertThat(other.report().result()).isSameAs(silent);
        assertThat(JSON.readTree(cards.json(other)).get("status").asText()).isEqualTo("failure");
        assertThat(JSON.readTree(cards.json(again)).get("status").asText())
                .isEqualTo(first.report().status().id());
    }

    @Test
    void aThrottleIsStillARefusal() throws Exception {
        ProbeResult r = ProbeResults.healthySubmission().build();
        Answer a = cards.answer(new ServiceResult.Throttled("too many", Duration.ofSeconds(7), ASKED), command(r));

        assertThat(a).isInstanceOf(Answer.Refused.class);
        assertThat(a.httpStatus()).isEqualTo(429);
    }

    @Test
    void manyThreadsAskingAtOnceAllGetTheSameBytes() throws Exception {
        ProbeResult r = ProbeResults.gmailAppPassword().build();
        ProbeCommand command = command(r);
        String expected = ((Answer.Carded)
                        Answer.of(new ServiceResult.Probed(r, Duration.ofSeconds(9), ASKED), diagnoser, command))
                .render(ResponseFormat.JSON, false);
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> cards.json((Answer.Carded)
                        cards.answer(new ServiceResult.Probed(r, Duration.ofSeconds(9), ASKED), command))));
            }
        }
        for (Future<String> f : answers) {
            assertThat(f.get()).isEqualTo(expected);
        }
    }
}
