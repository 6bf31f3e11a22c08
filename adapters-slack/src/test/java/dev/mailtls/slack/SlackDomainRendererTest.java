package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.card.Card;
import dev.mailtls.chat.ChatAsk;
import dev.mailtls.chat.ChatCommands;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.net.Printable;
import dev.mailtls.testing.FakeDomainDns;
import dev.mailtls.testing.HostileText;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The domain card in Block Kit: verdict first, one section per MX host, within limits, escaped. */
@Timeout(120)
class SlackDomainRendererTest {
    private final SlackDomainRenderer renderer = new SlackDomainRenderer();

    private static DomainReport tenMx() {
        return new FakeDomainDns()
                .manyMx("big.test", 10, 4)
                .txt("_mta-sts.big.test", "v=STSv1; id=20260101")
                .host("mta-sts.big.test", "127.0.0.9")
                .txt("_smtp._tls.big.test", "v=TLSRPTv1; rua=mailto:tlsrpt@big.test")
                .report("big.test");
    }

    @Test
    void tenMxHostsWithFourAddressesEachStayWithinBlockKitLimits() {
        DomainReport report = tenMx();
        assertThat(report.mx()).hasSize(10);
        List<LayoutBlock> blocks = renderer.render(report);

        BlockJson.assertWithinLimits(blocks);
        List<String> texts = BlockJson.texts(blocks);
        // Every MX host has its own section, each address on a line.
        for (int i = 1; i <= 10; i++) {
            String host = "mx" + i + ".big.test";
            int n = i;
            assertThat(texts)
                    .as("the section of %s", host)
                    .anySatisfy(t -> assertThat(t)
                            .startsWith("*MX " + n * 10 + "*")
                            .contains(host)
                            .contains(IntStream.rangeClosed(1, 4)
                                    .mapToObj(a -> "127.0." + n + "." + a)
                                    .toList()));
        }
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("*MTA-STS*"));
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("*TLS-RPT*"));
    }

    @Test
    void everyClientServiceIsShownOrCountedWithinTheFieldLimit() {
        FakeDomainDns dns = new FakeDomainDns().manyMx("apps.test", 10, 4);
        for (String service : List.of("submission", "submissions", "imap", "imaps", "pop3", "pop3s")) {
            dns.srv("_" + service + "._tcp.apps.test", 0, 1, 1000, "a-" + service + ".apps.test")
                    .srv("_" + service + "._tcp.apps.test", 1, 1, 1001, "b-" + service + ".apps.test");
        }
        DomainReport report = dns.report("apps.test");
        assertThat(report.srv()).hasSize(12);

        List<LayoutBlock> blocks = renderer.render(report);

        BlockJson.assertWithinLimits(blocks);
        List<String> texts = BlockJson.texts(blocks);
        assertThat(texts).contains("*Client services*");
        assertThat(texts)
                .anySatisfy(t -> assertThat(t).startsWith("*submission*").contains("a-submission.apps.test"));
        assertThat(texts).contains("… (3 more)");
        // The MX hosts all keep their sections.
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("*MX 100*"));
    }

    @Test
    void verdictAndWorstProblemLead() {
        DomainReport report = tenMx();
        JsonArray tree = BlockJson.tree(renderer.render(report));
        JsonObject header = tree.get(0).getAsJsonObject();
        assertThat(header.get("type").getAsString()).isEqualTo("header");
        assertThat(header.getAsJsonObject("text").get("text").getAsString())
                .startsWith(":x: big.test — mail domain — FAILURE");
        String worst = tree.get(1)
                .getAsJsonObject()
                .getAsJsonObject("text")
                .get("text")
                .getAsString();
        assertThat(worst).startsWith(":x: `");
        JsonObject last = tree.get(tree.size() - 1).getAsJsonObject();
        assertThat(last.get("type").getAsString()).isEqualTo("context");
        assertThat(last.toString()).contains("/mailtls domain big.test");
    }

    @Test
    void aNullMxDomainSaysItAcceptsNoMail() {
        List<String> texts = BlockJson.texts(
                renderer.render(new FakeDomainDns().nullMx("nomail.test").report("nomail.test")));
        assertThat(String.join("\n", texts)).contains("NULL_MX").contains("Null MX: accepts no mail");
    }

    @Test
    void moreMxHostsAndHintsThanBlocksAreCutVisiblyHostsFirst() {
        // The check itself stops at 10 MX hosts; the layout still never passes 50 blocks.
        List<Card.Field> mx = IntStream.rangeClosed(1, 60)
                .mapToObj(i -> new Card.Field("MX " + i, "mx" + i + ".test\n192.0.2." + i + "  ok", true))
                .toList();
        List<Hint> hints = IntStream.rangeClosed(1, 80)
                .mapToObj(i -> new Hint(
                        HintCode.ADDRESS_DENIED, Severity.ERROR, "problem " + i + " " + "x".repeat(400), "", ""))
                .toList();
        Card card = new Card(
                "many.test — mail domain — FAILURE",
                Status.FAILURE,
                "60 MX hosts",
                Card.Overview.NONE,
                List.of(
                        new Card.Section(null, mx),
                        new Card.Section(null, List.of(new Card.Field("MTA-STS", "none", true)))),
                hints,
                "total 1 ms",
                List.of(),
                "/mailtls domain many.test",
                null);

        List<LayoutBlock> blocks = renderer.render(
                card,
                new SlackCardRenderer.CardActions(
                        "domain many.test fresh", "https://mailtls.example.com/?domain=many.test"));

        BlockJson.assertWithinLimits(blocks);
        assertThat(buttons(blocks)).hasSize(2);
        List<String> texts = BlockJson.texts(blocks);
        assertThat(texts).anySatisfy(t -> assertThat(t).matches("… \\(\\d+ more MX hosts\\)"));
        assertThat(texts).anySatisfy(t -> assertThat(t).matches("… \\(\\d+ more hints\\)"));
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("*MX 1*"));
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("*MTA-STS*"));
    }

    /** The buttons of the card's actions block, as Slack receives them. */
    private static List<JsonObject> buttons(List<LayoutBlock> blocks) {
        return BlockJson.tree(blocks).asList().stream()
                .map(b -> b.getAsJsonObject())
                .filter(b -> b.get("type").getAsString().equals("actions"))
                .flatMap(b -> b.getAsJsonArray("elements").asList().stream())
                .map(e -> e.getAsJsonObject())
                .toList();
    }

    @Test
    void reRunAndOpenInBrowserSitAfterTheHintsAndBeforeTheMxHosts() {
        List<LayoutBlock> blocks = renderer.render(
                tenMx(),
                new SlackCardRenderer.CardActions(
                        "domain big.test fresh", "https://mailtls.example.com/?domain=big.test"));

        BlockJson.assertWithinLimits(blocks);
        List<JsonObject> buttons = buttons(blocks);
        assertThat(buttons).hasSize(2);
        assertThat(buttons.get(0).get("action_id").getAsString()).isEqualTo(SlackCardRenderer.RERUN_ACTION_ID);
        assertThat(buttons.get(0).get("value").getAsString()).isEqualTo("domain big.test fresh");
        assertThat(buttons.get(0).getAsJsonObject("text").get("text").getAsString())
                .isEqualTo("Re-run (fresh)");
        assertThat(buttons.get(1).get("action_id").getAsString()).isEqualTo(SlackCardRenderer.BROWSER_ACTION_ID);
        assertThat(buttons.get(1).get("url").getAsString()).isEqualTo("https://mailtls.example.com/?domain=big.test");
        List<String> types = BlockJson.tree(blocks).asList().stream()
                .map(b -> b.getAsJsonObject().get("type").getAsString())
                .toList();
        assertThat(types.indexOf("actions")).isEqualTo(types.indexOf("divider") - 1);
        // Without actions, no actions block at all (the notifier's and the renderer tests' cards).
        assertThat(buttons(renderer.render(tenMx()))).isEmpty();
    }

    @Test
    void theCommandTheDomainCardShowsRunsAsTheSameDomainCheck() {
        Card card = SlackDomainRenderer.card(
                new FakeDomainDns().nullMx("nomail.test").report("nomail.test"));
        String shown = card.reproduceCommand();
        assertThat(shown).startsWith(SlackCommandHandler.COMMAND + " ");
        assertThat(ChatCommands.read(shown.substring(SlackCommandHandler.COMMAND.length())))
                .isEqualTo(new ChatAsk.Domain("nomail.test", false, false));
    }

    static Stream<HostileText> corpus() {
        return HostileText.stream();
    }

    /** A TXT record, an MX host name and a TLS-RPT address written by an attacker. */
    @ParameterizedTest
    @MethodSource("corpus")
    void hostileDnsTextIsEscaped(HostileText h) {
        String text = h.cutSafe();
        DomainReport report = new FakeDomainDns()
                .mx("evil.test", 10, text)
                .txt("_mta-sts.evil.test", "v=STSv1; " + text)
                .txt("_smtp._tls.evil.test", "v=TLSRPTv1; rua=mailto:" + text)
                .report("evil.test");
        List<LayoutBlock> blocks = renderer.render(report);

        BlockJson.assertWithinLimits(blocks);
        String json = BlockJson.json(blocks);
        assertThat(json).doesNotContain("<!channel>", "<!everyone>", "<!here", "<@U", "<#C", "<https://", "<mailto:");
        List<String> texts = BlockJson.texts(blocks);
        for (String t : texts) {
            assertThat(t).as("no raw angle bracket: %s", t).doesNotContain("<", ">");
            assertThat(HostileText.SLACK_ACTIVE.matcher(t).find())
                    .as("active form in %s", t)
                    .isFalse();
            assertThat(HostileText.rawHidden(t, HostileText.NONE))
                    .as("raw hidden in %s", t)
                    .isEqualTo(-1);
            assertThat(t.split("```", -1).length % 2)
                    .as("unbalanced fences in %s", t)
                    .isEqualTo(1);
            String outside = t.replaceAll("(?s)```.*?```", "").replaceAll("`[^`]*`", "");
            assertThat(outside).as("formatting outside code in %s", t).doesNotContain("*bold*", "_x_", "~x~");
        }
        String shown = String.join("\n", texts);
        assertThat(shown)
                .as("the hostile text is shown, escaped")
                .contains(h.marker().toLowerCase());
        for (int c : h.hiddenCharacters()) {
            if (shown.contains(h.marker()) || shown.contains(h.marker().toLowerCase())) {
                assertThat(shown).as("U+%04X shown escaped", c).contains(Printable.escape(c));
            }
        }
    }
}
