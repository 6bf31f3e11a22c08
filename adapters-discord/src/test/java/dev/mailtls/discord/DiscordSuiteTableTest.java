package dev.mailtls.discord;

import static dev.mailtls.discord.DiscordEmbedRendererTest.assertWithinLimits;
import static dev.mailtls.testing.Enumerations.yes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.Enumerations;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.TlsEnumeration;
import java.util.Arrays;
import java.util.List;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

/** A deep probe's table in the embed: a field per version, split rather than cut, within Discord's limits. */
class DiscordSuiteTableTest {
    private final DiscordEmbedRenderer renderer = new DiscordEmbedRenderer();

    static Card card(int port, Protocol protocol, TlsEnumeration found) {
        ProbeResult r = ProbeResults.builder("mx.example.com", port, protocol, Transport.STARTTLS)
                .greeting("220 mx.example.com ESMTP Postfix (Debian/GNU)")
                .tls("TLSv1.3", "TLS_AES_256_GCM_SHA384")
                .build();
        return Card.of(Report.of(ProbeResults.withEnumeration(r, found), new Diagnoser()));
    }

    private static List<MessageEmbed.Field> fieldsStartingWith(MessageEmbed e, String prefix) {
        return e.getFields().stream()
                .filter(f -> f.getName().startsWith(prefix))
                .toList();
    }

    @Test
    void postfixDefaultShowsEveryVersionAndEverySuiteWithinLimits() {
        MessageEmbed e = renderer.render(card(25, Protocol.SMTP, Enumerations.postfixPort25()));
        assertWithinLimits(e.toData());
        assertThat(fieldsStartingWith(e, "TLS suites"))
                .singleElement()
                .satisfies(f -> assertThat(f.getValue())
                        .contains("TLSv1.3, TLSv1.2 accepted")
                        .contains("refused: SSLv3, TLSv1, TLSv1.1"));
        assertThat(fieldsStartingWith(e, "TLSv1.3 · 3 suites")).hasSize(1);
        List<MessageEmbed.Field> tls12 = fieldsStartingWith(e, "TLSv1.2");
        assertThat(tls12.get(0).getName()).startsWith("TLSv1.2 · 54 suites · client's order");
        // Too long for one field's 1,024 characters: continued in a second field, nothing cut.
        assertThat(tls12).hasSizeGreaterThan(1);
        long shown = tls12.stream()
                .flatMap(f -> f.getValue().lines())
                .filter(l -> !l.startsWith("```"))
                .mapToLong(l -> Arrays.stream(l.split(" · ")).count())
                .sum();
        assertThat(shown).isEqualTo(54);
        tls12.forEach(f -> assertThat(f.getValue()).startsWith("```\n").endsWith("\n```"));
        assertThat(String.join(
                        "\n", tls12.stream().map(MessageEmbed.Field::getValue).toList()))
                .contains("ECDHE_RSA  AES_256_GCM_SHA384")
                .contains("DH_anon    ")
                .doesNotContain("more lines");
        // The hints stay ahead of the table.
        assertThat(e.getDescription()).contains("TLS_ANON_CIPHERS");
        assertThat(e.getFields()).extracting(MessageEmbed.Field::getName).contains("ℹ TLS_NO_FORWARD_SECRECY");
    }

    @Test
    void aHugeEnumerationStaysWithinEveryLimitAndTheCutIsVisible() {
        TlsEnumeration huge = Enumerations.of(
                yes("TLSv1", true, Enumerations.many(120).toArray(String[]::new)),
                yes("TLSv1.1", true, Enumerations.many(120).toArray(String[]::new)),
                yes("TLSv1.2", true, Enumerations.many(300).toArray(String[]::new)),
                yes("TLSv1.3", true, Enumerations.TLS13.toArray(String[]::new)));
        MessageEmbed e = renderer.render(card(587, Protocol.SMTP, huge));
        assertWithinLimits(e.toData());
        assertThat(e.isSendable()).isTrue();
        assertThat(e.getFields()).last().satisfies(f -> assertThat(f.getName()).matches("… \\(\\d+ more\\)"));
        // Every error and warning hint keeps its place; the table gives way.
        assertThat(e.getFields())
                .extracting(MessageEmbed.Field::getName)
                .anyMatch(
                        n -> n.contains("TLS_WEAK_CIPHER") || e.getDescription().contains("TLS_WEAK_CIPHER"));
    }

    @Test
    void suiteNamesAreEscapedAsCode() {
        TlsEnumeration odd = Enumerations.of(yes("TLSv1.2", true, "0x`@everyone <@123> https://x.example"));
        MessageEmbed e = renderer.render(card(25, Protocol.SMTP, odd));
        String value = fieldsStartingWith(e, "TLSv1.2").get(0).getValue();
        assertThat(value)
                .doesNotContain("@everyone")
                .doesNotContain("<@123>")
                .doesNotContain("https://")
                .contains("@" + DiscordText.ZWSP + "everyone");
        assertThat(value.chars().filter(c -> c == '`').count()).isEqualTo(6);
    }

    @Test
    void partsSplitAtLineBoundaries() {
        List<List<String>> parts = DiscordEmbedRenderer.suiteParts(List.of("a".repeat(6), "b".repeat(6), "c"), 13);
        assertThat(parts).containsExactly(List.of("a".repeat(6), "b".repeat(6)), List.of("c"));
        assertThat(DiscordEmbedRenderer.suiteParts(List.of("x".repeat(20)), 10))
                .containsExactly(List.of("x".repeat(20)));
    }
}
