package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

class DiscordEmbedRendererTest {
    private final DiscordEmbedRenderer renderer = new DiscordEmbedRenderer();
    private final Diagnoser diagnoser = new Diagnoser();

    private Card card(ProbeResult r) {
        return Card.of(Report.of(r, diagnoser));
    }

    @Test
    void healthyCardLeadsWithTheVerdictAndWorstHintThenOtherHintsThenTheDetails() {
        MessageEmbed e = renderer.render(card(ProbeResults.healthySubmission().build()));

        assertThat(e.getColorRaw()).isEqualTo(DiscordEmbedRenderer.GREEN);
        assertThat(e.getTitle()).startsWith("✅ smtp.gmail.com:587 — SMTP with STARTTLS — OK");
        assertThat(e.getDescription())
                .startsWith("**ℹ IMPLICIT_TLS_AVAILABLE** RFC 8314 prefers implicit TLS")
                .contains("142.250.102.108 (IPv4")
                .contains("TLSv1.3");
        List<String> names =
                e.getFields().stream().map(MessageEmbed.Field::getName).toList();
        assertThat(names)
                .startsWith("✔ STARTTLS_OK", "✔ CERT_OK", "Greeting", "Before TLS", "STARTTLS", "After TLS")
                .anyMatch(n -> n.startsWith("Certificate CN=smtp.gmail.com"))
                .doesNotContain("ℹ IMPLICIT_TLS_AVAILABLE");
        assertThat(e.getFields().get(names.indexOf("Greeting")).getValue())
                .isEqualTo("`220 smtp.gmail.com ESMTP a1-20020a05600c - gsmtp`");
        assertThat(e.getFooter().getText()).startsWith("resolve 3 ms").contains("total 96 ms");
    }

    @Test
    void cachedCardSaysHowOldAndHowToReRun() {
        Card cached = card(ProbeResults.healthySubmission().build()).withCachedAge(Duration.ofSeconds(42));

        assertThat(renderer.render(cached).getFooter().getText()).endsWith("cached 42 s ago · fresh to re-run");
    }

    @Test
    void failedCardIsRedAndPutsErrorsFirstWithTheirFix() {
        Card c = card(ProbeResults.yahooNoGreeting().build());
        Hint tip = new Hint(HintCode.IMPLICIT_TLS_AVAILABLE, Severity.INFO, "Port 465 works too.", "", "");
        List<Hint> hints = new ArrayList<>(List.of(tip));
        hints.addAll(c.hints());
        Card mixed = new Card(
                c.title(),
                c.status(),
                c.subtitle(),
                c.overview(),
                c.sections(),
                hints,
                c.timings(),
                c.transcript(),
                c.reproduceCommand(),
                null);

        MessageEmbed e = renderer.render(mixed);

        assertThat(e.getColorRaw()).isEqualTo(DiscordEmbedRenderer.RED);
        assertThat(e.getTitle()).startsWith("❌ ");
        // The error leads the description, with its fix; the tip follows as the first field.
        assertThat(e.getDescription())
                .startsWith("**✖ NO_GREETING** ")
                .contains("\n**Fix:** ")
                .contains("465");
        assertThat(e.getDescription().indexOf("**Fix:**"))
                .isLessThan(e.getDescription().indexOf("98.136.96.74"));
        List<String> names =
                e.getFields().stream().map(MessageEmbed.Field::getName).toList();
        assertThat(names.get(0)).isEqualTo("ℹ IMPLICIT_TLS_AVAILABLE");
        assertThat(names).doesNotContain("✖ NO_GREETING");
    }

    @Test
    void warningCardIsAmber() {
        MessageEmbed e = renderer.render(card(ProbeResults.gmailAppPassword().build()));

        assertThat(e.getColorRaw()).isEqualTo(DiscordEmbedRenderer.AMBER);
        assertThat(e.getDescription())
                .startsWith("**⚠ APP_PASSWORD_REQUIRED** ")
                .contains("**Fix:** ");
    }

    @Test
    void oversizedResultStaysWithinEveryDiscordLimitAndShowsTheCut() {
        MessageEmbed e = renderer.render(oversized());
        DataObject json = e.toData();

        assertWithinLimits(json);
        assertThat(e.isSendable()).isTrue();
        assertThat(e.getLength()).isLessThanOrEqualTo(MessageEmbed.EMBED_MAX_LENGTH_BOT);
        String text = json.toString();
        assertThat(text).contains("more characters");
        assertThat(e.getFields()).last().satisfies(f -> assertThat(f.getName()).matches("… \\(\\d+ more\\)"));
        // The one error leads the description, cut but with its fix.
        assertThat(e.getDescription()).startsWith("**✖ NO_GREETING** ").contains("**Fix:** ");
        assertThat(e.getFields()).extracting(MessageEmbed.Field::getName).contains("⚠ SLOW_GREETING");
    }

    @Test
    void manyShortHintsAreCutToTwentyFiveFieldsWithTheCountOfTheRest() {
        Card c = card(ProbeResults.healthySubmission().build());
        List<Hint> hints = IntStream.range(0, 60)
                .mapToObj(i -> new Hint(HintCode.STARTTLS_OK, Severity.OK, "ok " + i, "", ""))
                .toList();
        Card many = new Card(
                c.title(),
                c.status(),
                c.subtitle(),
                c.overview(),
                c.sections(),
                hints,
                c.timings(),
                c.transcript(),
                c.reproduceCommand(),
                null);

        MessageEmbed e = renderer.render(many);

        assertThat(e.getFields()).hasSize(MessageEmbed.MAX_FIELD_AMOUNT);
        int shown = (int) e.getFields().stream()
                .filter(f -> f.getName().equals("✔ STARTTLS_OK"))
                .count();
        String overflow = e.getFields().get(24).getName();
        int factsAndCertificate = 25 - 1 - shown;
        // One hint leads the description; of the other 59, those not shown are counted.
        assertThat(e.getDescription()).startsWith("**✔ STARTTLS_OK** ok 0");
        assertThat(overflow).isEqualTo("… (" + (59 - shown) + " more)");
        assertThat(factsAndCertificate).isEqualTo(5);
        assertWithinLimits(e.toData());
    }

    /** Hundreds of capabilities, a long banner, many long hints, a long SAN list, a long transcript. */
    static Card oversized() {
        String longLine = "220 " + "x".repeat(4000);
        String[] caps = IntStream.range(0, 400)
                .mapToObj(i -> "X-CAP-" + i + "-" + "Y".repeat(80))
                .toArray(String[]::new);
        String[] sans = IntStream.range(0, 300)
                .mapToObj(i -> "name-" + i + "-" + "z".repeat(60) + ".example.com")
                .toArray(String[]::new);
        ProbeResult r = ProbeResults.builder(
                        "mail.example.com", 587, Protocol.SMTP, dev.mailtls.endpoint.Transport.STARTTLS)
                .greeting(longLine, longLine, longLine, longLine, longLine, longLine, longLine)
                .capsBefore(caps)
                .capsAfter(caps)
                .leaf(Certificates.leaf("mail.example.com")
                        .subject("CN=" + "s".repeat(900))
                        .sans(sans))
                .transcript(
                        IntStream.range(0, 2000).mapToObj(i -> "S: line " + i).toArray(String[]::new))
                .build();
        Card base = Card.of(new Report(r, List.of(), Status.OK));
        List<Hint> hints = new ArrayList<>();
        hints.add(new Hint(HintCode.NO_GREETING, Severity.ERROR, "e".repeat(3000), "d".repeat(3000), "f".repeat(3000)));
        for (int i = 0; i < 200; i++) {
            hints.add(new Hint(
                    HintCode.SLOW_GREETING,
                    i % 2 == 0 ? Severity.WARNING : Severity.INFO,
                    "summary " + i + " " + "s".repeat(500),
                    "detail ".repeat(300),
                    "fix ".repeat(300)));
        }
        String longTimings = "resolve 3 ms · ".repeat(400);
        return new Card(
                "t".repeat(1000),
                Status.FAILURE,
                "sub".repeat(3000),
                base.overview(),
                base.sections(),
                hints,
                longTimings,
                base.transcript(),
                "mailtls probe " + "h".repeat(5000),
                Duration.ofSeconds(42));
    }

    static void assertWithinLimits(DataObject embed) {
        int total = 0;
        String title = embed.getString("title", "");
        String description = embed.getString("description", "");
        String footer =
                embed.optObject("footer").map(f -> f.getString("text", "")).orElse("");
        assertThat(title.length()).isLessThanOrEqualTo(256);
        assertThat(description.length()).isLessThanOrEqualTo(4096);
        assertThat(footer.length()).isLessThanOrEqualTo(2048);
        total += title.length() + description.length() + footer.length();
        DataArray fields = embed.optArray("fields").orElseGet(DataArray::empty);
        assertThat(fields.length()).isLessThanOrEqualTo(25);
        for (int i = 0; i < fields.length(); i++) {
            DataObject f = fields.getObject(i);
            String name = f.getString("name");
            String value = f.getString("value");
            assertThat(name).isNotBlank().hasSizeLessThanOrEqualTo(256);
            assertThat(value).isNotBlank().hasSizeLessThanOrEqualTo(1024);
            total += name.length() + value.length();
        }
        assertThat(total).isLessThanOrEqualTo(6000);
    }
}
