package dev.mailtls.slack;

import static dev.mailtls.slack.BlockJson.assertWithinLimits;
import static dev.mailtls.slack.BlockJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.card.Report;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.Phase;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResultBuilder;
import dev.mailtls.testing.ProbeResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlackCardRendererTest {
    private final SlackCardRenderer renderer = new SlackCardRenderer();

    private static Report report(ProbeResultBuilder b) {
        return Report.of(b.build(), new Diagnoser());
    }

    @Test
    void healthyCardLeadsWithTheVerdictAndWorstHintThenButtonsThenTheDetailsBelowADivider() {
        List<LayoutBlock> blocks = renderer.render(
                report(ProbeResults.healthySubmission()),
                null,
                "k1",
                new SlackCardRenderer.CardActions(
                        "smtp.gmail.com 587 starttls smtp fresh",
                        "https://mailtls.example.com/?host=smtp.gmail.com&port=587&transport=starttls&protocol=smtp"));
        JsonArray tree = BlockJson.tree(blocks);

        JsonObject header = tree.get(0).getAsJsonObject();
        assertThat(header.get("type").getAsString()).isEqualTo("header");
        assertThat(header.getAsJsonObject("text").get("text").getAsString())
                .isEqualTo(":white_check_mark: smtp.gmail.com:587 — SMTP with STARTTLS — OK");
        // The worst hint comes right under the verdict, before any protocol detail.
        assertThat(text(tree, 1)).startsWith(":information_source: `IMPLICIT_TLS_AVAILABLE`");
        assertThat(text(tree, 2)).startsWith("*Other hints*\n:heavy_check_mark: `STARTTLS_OK`");

        List<String> types = new ArrayList<>();
        tree.forEach(b -> types.add(b.getAsJsonObject().get("type").getAsString()));
        int actions = types.indexOf("actions");
        int divider = types.indexOf("divider");
        assertThat(actions).isGreaterThan(1).isEqualTo(divider - 1);
        JsonArray buttons = tree.get(actions).getAsJsonObject().getAsJsonArray("elements");
        assertThat(buttons.get(0).getAsJsonObject().get("action_id").getAsString())
                .isEqualTo(SlackCardRenderer.RERUN_ACTION_ID);
        assertThat(buttons.get(0).getAsJsonObject().get("value").getAsString())
                .isEqualTo("smtp.gmail.com 587 starttls smtp fresh");
        assertThat(buttons.get(1).getAsJsonObject().get("action_id").getAsString())
                .isEqualTo(SlackCardRenderer.BROWSER_ACTION_ID);
        assertThat(buttons.get(1).getAsJsonObject().get("url").getAsString())
                .isEqualTo(
                        "https://mailtls.example.com/?host=smtp.gmail.com&port=587&transport=starttls&protocol=smtp");
        assertThat(buttons.get(2).getAsJsonObject().get("action_id").getAsString())
                .isEqualTo(SlackCardRenderer.TRANSCRIPT_ACTION_ID);
        assertThat(buttons.get(2).getAsJsonObject().get("value").getAsString()).isEqualTo("k1");

        JsonObject overview = tree.get(divider + 1).getAsJsonObject();
        assertThat(overview.getAsJsonObject("text").get("text").getAsString())
                .isEqualTo("*Address* `142.250.102.108` (IPv4, 1 of 2 addresses)");
        List<String> fields = new ArrayList<>();
        overview.getAsJsonArray("fields")
                .forEach(f -> fields.add(f.getAsJsonObject().get("text").getAsString()));
        assertThat(fields)
                .containsExactly(
                        "*Protocol*\nSMTP",
                        "*Transport*\nSTARTTLS",
                        "*TLS version*\n`TLSv1.3`",
                        "*Cipher*\n`TLS_AES_256_GCM_SHA384`");

        List<String> details = texts(blocks)
                .subList(
                        texts(blocks).indexOf("*Address* `142.250.102.108` (IPv4, 1 of 2 addresses)"),
                        texts(blocks).size());
        assertThat(details).contains("*Greeting*\n```\n220 smtp.gmail.com ESMTP a1-20020a05600c - gsmtp\n```");
        assertThat(details).contains("*STARTTLS*\n```\n220 2.0.0 Ready to start TLS\n```");
        assertThat(details).anySatisfy(t -> assertThat(t).startsWith("*Certificate* `CN=smtp.gmail.com"));
        assertThat(details)
                .anySatisfy(t -> assertThat(t).startsWith("*valid*\n").contains("days left)"));
        assertThat(details).anySatisfy(t -> assertThat(t).startsWith("*names*\n`smtp.gmail.com"));
        assertThat(details)
                .anySatisfy(t -> assertThat(t).startsWith("*trust*\n").contains("✔ matches smtp.gmail.com"));
        assertThat(details).noneMatch(t -> t.contains("STARTTLS_OK") || t.contains("IMPLICIT_TLS_AVAILABLE"));

        JsonObject context = tree.get(tree.size() - 1).getAsJsonObject();
        assertThat(context.get("type").getAsString()).isEqualTo("context");
        List<String> last =
                texts(blocks).subList(texts(blocks).size() - 2, texts(blocks).size());
        assertThat(last.get(0)).startsWith("resolve 3 ms · connect 11 ms");
        assertThat(last.get(1)).startsWith("Reproduce: `openssl s_client");
        assertThat(texts(blocks)).noneMatch(t -> t.startsWith("cached"));
        assertWithinLimits(blocks);
    }

    private static String text(JsonArray tree, int i) {
        return tree.get(i).getAsJsonObject().getAsJsonObject("text").get("text").getAsString();
    }

    @Test
    void withoutAPublicUrlThereIsNoBrowserButtonButStillReRun() {
        String json = BlockJson.json(renderer.render(
                report(ProbeResults.healthySubmission()),
                null,
                null,
                new SlackCardRenderer.CardActions("smtp.gmail.com 587 fresh", null)));

        assertThat(json)
                .contains(SlackCardRenderer.RERUN_ACTION_ID)
                .doesNotContain(SlackCardRenderer.BROWSER_ACTION_ID)
                .doesNotContain("\"url\"");
    }

    @Test
    void everyMrkdwnTextIsVerbatimSoSlackLinksAndMentionsNothingByItself() {
        String json = BlockJson.json(renderer.render(report(ProbeResults.healthySubmission()), null, "k"));

        assertThat(json).contains("\"type\":\"mrkdwn\"").doesNotContain("\"verbatim\":false");
        assertThat(json.split("\"type\":\"mrkdwn\"", -1).length - 1)
                .isEqualTo(json.split("\"verbatim\":true", -1).length - 1);
    }

    @Test
    void cachedCardSaysHowOldItIsAndHowToReRun() {
        List<String> all =
                texts(renderer.render(report(ProbeResults.healthySubmission()), Duration.ofSeconds(42), "k"));

        assertThat(all).contains("cached 42 s ago · `fresh` to re-run");
    }

    @Test
    void noTranscriptKeyAndNoActionsMeansNoButtons() {
        String json = BlockJson.json(renderer.render(report(ProbeResults.healthySubmission()), null, null));

        assertThat(json).doesNotContain("\"actions\"").doesNotContain(SlackCardRenderer.TRANSCRIPT_ACTION_ID);
    }

    @Test
    void failedProbeShowsTheErrorHintWithItsFixAndTheFailureEmoji() {
        Report r = report(ProbeResults.yahooNoGreeting());
        List<LayoutBlock> blocks = renderer.render(r, null, null);

        assertThat(r.status()).isEqualTo(Status.FAILURE);
        List<String> all = texts(blocks);
        assertThat(all.get(0)).startsWith(":x: smtp.mail.yahoo.com:587");
        assertThat(all.get(1)).startsWith(":x: `NO_GREETING`").contains("*Fix:* ");
        assertThat(all)
                .anySatisfy(t -> assertThat(t).contains(":x: `NO_GREETING`").contains("*Fix:* "));
        assertThat(all).anySatisfy(t -> assertThat(t).contains("greeting — (no answer in 10 s)"));
        assertThat(all).anySatisfy(t -> assertThat(t).contains("*TLS version*\nno TLS"));
    }

    @Test
    void theWorstHintWithItsFixLeadsAndTheOthersFollowInTheDiagnosersOrder() {
        // The Diagnoser's order (errors first); the renderer leads with the card's worst hint and
        // keeps the order of the rest, sorting nothing again.
        List<Hint> hints = List.of(
                new Hint(HintCode.NO_GREETING, Severity.ERROR, "bad", "detail", "fix it"),
                new Hint(HintCode.SLOW_GREETING, Severity.WARNING, "slow", "d", "f"),
                new Hint(HintCode.STARTTLS_OK, Severity.OK, "fine", "", ""));
        Report r = new Report(ProbeResults.healthySubmission().build(), hints, Status.of(hints));

        List<String> all = texts(renderer.render(r, null, null));

        assertThat(all.get(1)).isEqualTo(":x: `NO_GREETING` bad\ndetail\n*Fix:* fix it");
        String others = all.get(2);
        assertThat(others).startsWith("*Other hints*\n").doesNotContain("NO_GREETING");
        assertThat(others.indexOf("SLOW_GREETING")).isLessThan(others.indexOf("STARTTLS_OK"));
    }

    @Test
    void oversizedResultStaysWithinBlockKitLimitsAndSaysWhatWasCut() {
        String[] capabilities = IntStream.range(0, 400)
                .mapToObj(i -> "X-CAPABILITY-" + i + " " + "y".repeat(20))
                .toArray(String[]::new);
        String[] banner = IntStream.range(0, 300)
                .mapToObj(i -> "220-" + "banner line " + i + " " + "z".repeat(200))
                .toArray(String[]::new);
        String[] sans = IntStream.range(0, 500)
                .mapToObj(i -> "host" + i + ".example.com")
                .toArray(String[]::new);
        ProbeResultBuilder b = ProbeResults.healthySubmission()
                .greeting(banner)
                .capsBefore(capabilities)
                .capsAfter(capabilities)
                .leaf(Certificates.leaf("smtp.gmail.com")
                        .subject("CN=" + "s".repeat(5000))
                        .issuer("CN=" + "i".repeat(5000))
                        .sans(sans))
                .timing(Phase.AUTH, 5);
        List<Hint> hints = IntStream.range(0, 200)
                .mapToObj(i -> new Hint(
                        HintCode.SLOW_GREETING,
                        Severity.WARNING,
                        "warning number " + i + " " + "w".repeat(300),
                        "detail " + "d".repeat(1500),
                        "fix " + "f".repeat(800)))
                .toList();
        Report r = new Report(b.build(), hints, Status.WARNING);

        List<LayoutBlock> blocks = renderer.render(r, Duration.ofMinutes(3), "k".repeat(20));

        assertWithinLimits(blocks);
        List<String> all = texts(blocks);
        assertThat(all.get(1)).startsWith(":warning: `SLOW_GREETING` warning number 0");
        assertThat(all).anySatisfy(t -> assertThat(t).matches("(?s)… \\(\\d+ more hints\\)"));
        assertThat(all).anySatisfy(t -> assertThat(t).matches("… \\(\\d+ more details\\)"));
        assertThat(all).contains("cached 3 min ago · `fresh` to re-run");
        assertThat(BlockJson.json(blocks)).contains(SlackCardRenderer.TRANSCRIPT_ACTION_ID);
    }

    @Test
    void oversizedDetailsAreCutWithinLimitsWhileEveryHintStays() {
        String[] banner = IntStream.range(0, 300)
                .mapToObj(i -> "220-" + "banner line " + i + " " + "z".repeat(200))
                .toArray(String[]::new);
        ProbeResultBuilder b = ProbeResults.healthySubmission()
                .greeting(banner)
                .leaf(Certificates.leaf("smtp.gmail.com").subject("CN=" + "s".repeat(5000)));
        List<LayoutBlock> blocks = renderer.render(report(b), null, "k");

        assertWithinLimits(blocks);
        List<String> all = texts(blocks);
        assertThat(all).anySatisfy(t -> assertThat(t).startsWith("*Greeting*").contains(" more lines)"));
        assertThat(all)
                .anySatisfy(t -> assertThat(t).startsWith("*Certificate*").contains(" more characters)"));
        assertThat(all).noneMatch(t -> t.contains(" more hints)"));
    }

    @Test
    void fallbackTextIsTheStatusLine() {
        assertThat(renderer.fallbackText(report(ProbeResults.healthySubmission())))
                .isEqualTo(":white_check_mark: smtp.gmail.com:587 — SMTP with STARTTLS — OK");
    }

    @Test
    void suggestedProbesAreTheSlashCommandThatParsesToTheSameTarget() throws Exception {
        String all = String.join("\n", texts(renderer.render(report(ProbeResults.yahooNoGreeting()), null, null)));

        assertThat(all).contains("/mailtls smtp.mail.yahoo.com 465 tls smtp").doesNotContain("mailtls probe");
        ProbeCommand parsed = CommandParser.parse("smtp.mail.yahoo.com 465 tls smtp");
        assertThat(parsed.port()).isEqualTo(465);
        assertThat(parsed.transport()).isEqualTo(Transport.TLS);
    }
}
