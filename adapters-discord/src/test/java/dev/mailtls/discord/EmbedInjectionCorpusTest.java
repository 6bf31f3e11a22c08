package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.target.Protocol;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResults;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile server text in every place a server chooses text: none of Discord's active forms survive. */
class EmbedInjectionCorpusTest {

    static final List<String> CORPUS = List.of(
            "220 @everyone the server is down",
            "220 @here please look",
            "220 @EVERYONE shouting",
            "220 hi <@123456789012345678> and <@!123456789012345678>",
            "220 role <@&987654321098765432> ping",
            "220 see <#112233445566778899>",
            "220 run </mailtls:1234567890>",
            "220 at <t:1700000000:R>",
            "220 [click here](https://evil.example/login) for a refund",
            "220 [innocent](<https://evil.example/x>)",
            "220 visit https://evil.example/phish now",
            "220 or http://evil.example/phish",
            "220 <https://evil.example/suppressed>",
            "220 ``` closing the fence @everyone ```",
            "220 `` code `` and ` single",
            "220 **bold** __underline__ ~~strike~~ ||spoiler|| *it*",
            "# Heading from the server",
            "-# subtext from the server",
            "> quote from the server",
            "220 \u001B[31mred\u001B[0m terminal escape",
            "220 bidi \u202Eevil\u202C override",
            "220 line\u2028separator");

    /** Mentions, links and fences as Discord parses them; each must be absent from the embed's JSON. */
    static final List<Pattern> ACTIVE = List.of(
            Pattern.compile("@(everyone|here)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("<[@#/:]"),
            Pattern.compile("<t:"),
            Pattern.compile("<a?:\\w+:"),
            Pattern.compile("<https?:"),
            Pattern.compile("\\]\\("),
            Pattern.compile("https?://"),
            Pattern.compile("\u001B"),
            Pattern.compile("[\u202A-\u202E\u2066-\u2069\u2028\u2029]"));

    static Stream<String> corpus() {
        return CORPUS.stream();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileBannerRepliesAndCapabilitiesAreInert(String hostile) {
        var result = ProbeResults.builder("mail.example.com", 587, Protocol.SMTP, dev.mailtls.target.Transport.STARTTLS)
                .greeting(hostile, hostile)
                .capsBefore("STARTTLS", hostile)
                .starttls(true, StartTlsOutcome.Answer.ACCEPTED, hostile)
                .capsAfter("AUTH PLAIN", hostile)
                .build();

        assertInert(render(result), hostile);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileRefusalQuotedByTheDiagnosisIsInert(String hostile) {
        var result = ProbeResults.builder("mail.example.com", 25, Protocol.SMTP, dev.mailtls.target.Transport.STARTTLS)
                .noTls()
                .greetingRefused("554 " + hostile)
                .build();

        assertInert(render(result), hostile);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileCertificateSubjectIssuerAndNamesAreInert(String hostile) {
        var result = ProbeResults.healthySubmission()
                .leaf(Certificates.leaf("smtp.gmail.com")
                        .subject("CN=" + hostile)
                        .issuer("CN=" + hostile + ",O=" + hostile)
                        .sans("smtp.gmail.com", hostile))
                .build();

        assertInert(render(result), hostile);
    }

    private static MessageEmbed render(dev.mailtls.probe.ProbeResult r) {
        return new DiscordEmbedRenderer().render(Card.of(Report.of(r, new Diagnoser())));
    }

    static void assertInert(MessageEmbed embed, String hostile) {
        DataObject data = embed.toData();
        String json = data.toString();
        for (Pattern p : ACTIVE) {
            assertThat(p.matcher(json).find()).as("%s survives in %s", p, json).isFalse();
        }
        DataArray fields = data.getArray("fields");
        for (int i = 0; i < fields.length(); i++) {
            String value = fields.getObject(i).getString("value");
            String inside = value.startsWith("```\n") && value.endsWith("\n```")
                    ? value.substring(4, value.length() - 4)
                    : value;
            assertThat(inside).as("fence inside %s", value).doesNotContain("```");
        }
        // The server's words are still there for people to read.
        assertThat(json).contains(hostile.substring(0, 3));
    }
}
