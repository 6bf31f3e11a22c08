package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.net.Printable;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.HostileText;
import dev.mailtls.testing.ProbeResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared chat-injection corpus ({@link HostileText}) in every place a server or certificate
 * chooses text, rendered as an embed: in every string of the embed (title, description, author,
 * footer, field names and values) no mention, no link, no raw backtick outside mailtls's own code
 * spans, no fence break and no raw invisible character; the hostile text itself is still shown
 * (its marker in each field that quotes it) with its invisible characters as visible escapes.
 */
class EmbedInjectionCorpusTest {
    /** The zero-width spaces DiscordText itself puts in to break a mention, a link or a masked link. */
    static final Pattern OWN_BREAKS =
            Pattern.compile("(?<=<)\u200B|\u200B(?=://)|(?<=\\])\u200B(?=\\()|(?<=@)\u200B(?=(?i:everyone|here))");

    /** Fields that quote the banner, the EHLO reply before TLS and the STARTTLS reply. */
    private static final Set<String> BANNER_FIELDS = Set.of("Greeting", "Before TLS", "STARTTLS");

    static Stream<HostileText> corpus() {
        return HostileText.stream();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileBannerRepliesAndCapabilitiesAreInertAndShown(HostileText h) {
        String text = h.cutSafe();
        ProbeResult result = ProbeResults.builder("mail.example.com", 587, Protocol.SMTP, Transport.STARTTLS)
                .greeting(text, text)
                .capsBefore("STARTTLS", text)
                .starttls(true, StartTlsOutcome.Answer.ACCEPTED, text)
                .capsAfter("AUTH PLAIN", text)
                .build();

        MessageEmbed embed = render(result);

        assertInert(embed, h);
        List<MessageEmbed.Field> quoting = embed.getFields().stream()
                .filter(f -> BANNER_FIELDS.contains(f.getName()))
                .toList();
        assertThat(quoting).isNotEmpty();
        assertThat(quoting).allSatisfy(f -> assertThat(f.getValue()).contains(h.marker()));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileRefusalQuotedByTheDiagnosisIsInert(HostileText h) {
        ProbeResult result = ProbeResults.builder("mail.example.com", 25, Protocol.SMTP, Transport.STARTTLS)
                .noTls()
                .greetingRefused("554 " + h.cutSafe())
                .build();

        MessageEmbed embed = render(result);

        assertInert(embed, h);
        assertThat(strings(embed)).anySatisfy(s -> assertThat(s).contains(h.marker()));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileCertificateSubjectIssuerAndNamesAreInertAndShown(HostileText h) {
        String text = h.cutSafe();
        ProbeResult result = ProbeResults.healthySubmission()
                .leaf(Certificates.leaf("smtp.gmail.com")
                        .subject("CN=" + text)
                        .issuer("CN=" + text + ",O=" + text)
                        .sans("smtp.gmail.com", text))
                .build();

        MessageEmbed embed = render(result);

        assertInert(embed, h);
        MessageEmbed.Field certificate = embed.getFields().stream()
                .filter(f -> f.getName() != null && f.getName().startsWith("Certificate"))
                .findFirst()
                .orElseThrow();
        assertThat(certificate.getName()).as("the subject in the field name").contains(h.marker());
        assertThat(certificate.getValue()).as("issuer and names").contains(h.marker());
    }

    private static MessageEmbed render(ProbeResult r) {
        return new DiscordEmbedRenderer().render(Card.of(Report.of(r, new Diagnoser())));
    }

    /** Every string Discord shows from an embed. */
    static List<String> strings(MessageEmbed embed) {
        List<String> all = new ArrayList<>();
        all.add(embed.getTitle());
        all.add(embed.getDescription());
        if (embed.getFooter() != null) {
            all.add(embed.getFooter().getText());
        }
        if (embed.getAuthor() != null) {
            all.add(embed.getAuthor().getName());
        }
        for (MessageEmbed.Field f : embed.getFields()) {
            all.add(f.getName());
            all.add(f.getValue());
        }
        all.removeIf(s -> s == null);
        return all;
    }

    /**
     * What must never happen, in every string: a mention or link Discord would parse, a backtick
     * from the server (one could open or close code), a fence break, a raw invisible character; and
     * what must: each invisible character of the hostile text is shown as its escape.
     */
    static void assertInert(MessageEmbed embed, HostileText h) {
        List<String> strings = strings(embed);
        for (String s : strings) {
            for (Pattern p : HostileText.DISCORD_ACTIVE) {
                assertThat(p.matcher(s).find()).as("%s survives in %s", p, s).isFalse();
            }
            int hidden = HostileText.rawHidden(s, OWN_BREAKS);
            assertThat(hidden).as("raw U+%04X in %s", hidden, s).isEqualTo(-1);
            assertThat(withoutOwnCode(s)).as("a raw backtick in %s", s).doesNotContain("`");
        }
        String shown = String.join("\n", strings);
        for (int c : h.hiddenCharacters()) {
            assertThat(shown).as("U+%04X shown escaped", c).contains(Printable.escape(c));
        }
    }

    /** The string without mailtls's own code: blocks and inline spans whose content holds no backtick. */
    static String withoutOwnCode(String s) {
        return s.replaceAll("```\n[^`]*\n```", "").replaceAll("`[^`\n]+`", "");
    }
}
