package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.chat.ChatAsk;
import dev.mailtls.chat.ChatCommands;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.testing.FakeDomainDns;
import dev.mailtls.testing.HostileText;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /mailtls host:domain:example.com}: the ask, the run, and the domain embed within Discord's limits. */
@Timeout(120)
class DiscordDomainTest {
    private static final ProbeOptions OPTIONS = ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5));

    private static DiscordCommand.Options host(String host, boolean fresh) {
        return new DiscordCommand.Options(host, null, null, null, fresh, false);
    }

    @Test
    void aDomainHostValueIsADomainCheck() {
        assertThat(DiscordProbe.ask(host("domain:Example.com", true)))
                .isInstanceOfSatisfying(DiscordProbe.Ask.Domain.class, d -> {
                    assertThat(d.ask().domain()).isEqualTo("example.com");
                    assertThat(d.ask().fresh()).isTrue();
                    assertThat(d.isPrivate()).isFalse();
                });
        assertThat(DiscordProbe.ask(host("domain example.org", false))).isInstanceOf(DiscordProbe.Ask.Domain.class);
    }

    @Test
    void aDomainValueWithoutADomainOrWithAPortSaysHow() {
        assertThat(DiscordProbe.ask(host("domain:", false)))
                .isInstanceOfSatisfying(
                        DiscordProbe.Ask.Answer.class,
                        a -> assertThat(a.text())
                                .startsWith("⚠ missing domain")
                                .contains("`/mailtls host:domain:example.com`"));
        DiscordCommand.Options withPort =
                new DiscordCommand.Options("domain:example.com", 25L, null, null, false, false);
        assertThat(DiscordProbe.ask(withPort)).isInstanceOf(DiscordProbe.Ask.Answer.class);
    }

    @Test
    void aMistypedDomainPrefixIsAnsweredWithDidYouMean() {
        assertThat(DiscordProbe.ask(host("domian:example.com", false)))
                .isInstanceOfSatisfying(
                        DiscordProbe.Ask.Answer.class,
                        a -> assertThat(a.text())
                                .contains("did you mean domain?")
                                .contains("host:domain:example.com"));
        // A host with a port is still a probe.
        assertThat(DiscordProbe.ask(host("mail.example.com:587", false))).isInstanceOf(DiscordProbe.Ask.Probe.class);
    }

    @Test
    void helpAndTheHostOptionMentionTheDomainForm() {
        assertThat(DiscordProbe.help()).contains("`/mailtls host:domain:example.com`");
        assertThat(DiscordCommand.definition().getOptions().get(0).getDescription())
                .contains("domain:")
                .hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void aDomainCheckIsCardedWithTheWholeCardAsAFileAndItsReRunButton() {
        FakeDomainDns dns = new FakeDomainDns().nullMx("nomail.test");
        try (ProbeService service =
                new ProbeService(new Prober(dns.resolver(), Clock.systemUTC()), ServiceLimits.defaults())) {
            DiscordProbe probe = new DiscordProbe(
                    service,
                    new Diagnoser(),
                    OPTIONS,
                    new GroupRunner(service, new Diagnoser(), OPTIONS),
                    null,
                    dns.checks(service, Duration.ofSeconds(5)));
            DiscordProbe.Ask.Domain ask = (DiscordProbe.Ask.Domain) DiscordProbe.ask(host("domain:nomail.test", false));

            assertThat(probe.runDomain(ask, "discord:G:U"))
                    .isInstanceOfSatisfying(DiscordProbe.Reply.Carded.class, c -> {
                        assertThat(c.card().reproduceCommand()).isEqualTo("/mailtls host:domain:nomail.test");
                        assertThat(c.file().name()).isEqualTo("mailtls-domain-nomail.test.txt");
                        assertThat(new String(c.file().content(), java.nio.charset.StandardCharsets.UTF_8))
                                .contains("NULL_MX");
                        // No public URL: no Open in browser.
                        assertThat(c.buttons())
                                .isEqualTo(new CardButtons("mailtls:rerun:domain nomail.test fresh", null));
                    });
        }
    }

    @Test
    void theDomainCardsButtonsRunTheCheckAgainAndLinkToTheWebPagesDomainForm() {
        ChatAsk.Domain asked = new ChatAsk.Domain("example.com", false, true);

        CardButtons buttons = CardButtons.of(asked, "https://mailtls.example.com/tools");

        assertThat(buttons.rerunId()).isEqualTo("mailtls:rerun:domain example.com fresh private");
        assertThat(buttons.browserUrl()).isEqualTo("https://mailtls.example.com/tools/?domain=example.com");
        assertThat(DiscordProbe.rerun(buttons.rerunId()))
                .isEqualTo(new DiscordProbe.Ask.Domain(new ChatAsk.Domain("example.com", true, true)));
        assertThat(CardButtons.of(asked, null).browserUrl()).isNull();
    }

    @Test
    void aDomainTooLongForACustomIdHasNoReRunButtonRatherThanACutOne() {
        // "mailtls:rerun:domain " and " fresh" leave 73 characters of Discord's 100 for the domain.
        String longest = "x".repeat(60) + "." + "y".repeat(12);
        String tooLong = "x".repeat(61) + "." + "y".repeat(12);
        // A valid 163-character domain: far past the custom id's limit, and its link still fits.
        String veryLong = String.join(".", "a".repeat(40), "b".repeat(40), "c".repeat(40), "d".repeat(40)) + ".test";

        assertThat(CardButtons.of(domain(longest), null).rerunId())
                .hasSize(Button.ID_MAX_LENGTH)
                .isEqualTo("mailtls:rerun:domain " + longest + " fresh");
        assertThat(CardButtons.of(domain(tooLong), null).rerunId()).isNull();
        CardButtons buttons = CardButtons.of(domain(veryLong), "https://m.example");
        assertThat(buttons.rerunId()).isNull();
        assertThat(buttons.browserUrl()).isEqualTo("https://m.example/?domain=" + veryLong);
    }

    /** A domain as a typed command reads it. */
    private static ChatAsk.Domain domain(String domain) {
        return (ChatAsk.Domain) ChatCommands.read("domain " + domain);
    }

    @Test
    void aForgedDomainReRunIdIsAnsweredWithWhatToDo() {
        for (String forged : List.of(
                "mailtls:rerun:domain <@&123>.com",
                "mailtls:rerun:domain https://example.com",
                "mailtls:rerun:domain",
                "mailtls:rerun:domain a.com b.com @everyone")) {
            assertThat(DiscordProbe.rerun(forged))
                    .as(forged)
                    .isInstanceOfSatisfying(
                            DiscordProbe.Ask.Answer.class,
                            a -> assertThat(a.text())
                                    .startsWith("⚠ This Re-run button does not hold a command mailtls can run (")
                                    .doesNotContain("<@&")
                                    .doesNotContain("@everyone"));
        }
    }

    @Test
    void aThrottledAskerIsRefusedBeforeTheCheckAndTheAdmittedCheckIsNotAdmittedTwice() {
        try (DomainService s = new DomainService(1, null)) {
            DiscordProbe.Ask.Domain ask =
                    (DiscordProbe.Ask.Domain) DiscordProbe.ask(host("domain:example.test", false));

            assertThat(s.probe.refuseDomain("discord:G:U")).isNull();
            assertThat(s.probe.runAdmittedDomain(ask, "discord:G:U")).isInstanceOf(DiscordProbe.Reply.Carded.class);
            assertThat(s.probe.refuseDomain("discord:G:U")).startsWith("⏳ you started several checks");
            assertThat(s.probe.refuseDomain("discord:G:OTHER")).isNull();
        }
    }

    @Test
    void withoutDomainChecksTheAskerIsToldTheyAreNotEnabled() {
        try (ProbeService service = new ProbeService(
                new Prober(new FakeDomainDns().resolver(), Clock.systemUTC()), ServiceLimits.defaults())) {
            DiscordProbe probe = new DiscordProbe(service, new Diagnoser(), OPTIONS);
            DiscordProbe.Ask.Domain ask = (DiscordProbe.Ask.Domain) DiscordProbe.ask(host("domain:example.com", false));
            assertThat(probe.runDomain(ask, "discord:G:U"))
                    .isEqualTo(new DiscordProbe.Reply.Notice("ℹ domain checks are not enabled on this server."));
            assertThat(probe.refuseDomain("discord:G:U")).isEqualTo("ℹ domain checks are not enabled on this server.");
        }
    }

    @Test
    void tenMxHostsWithFourAddressesEachStayWithinDiscordsLimitsAndEachHostKeepsItsField() {
        DomainReport report = new FakeDomainDns()
                .manyMx("big.test", 10, 4)
                .txt("_mta-sts.big.test", "v=STSv1; id=20260101")
                .host("mta-sts.big.test", "127.0.0.9")
                .txt("_smtp._tls.big.test", "v=TLSRPTv1; rua=mailto:tlsrpt@big.test")
                .report("big.test");
        assertThat(report.mx()).hasSize(10);
        MessageEmbed embed = new DiscordEmbedRenderer().renderDomain(card(report));

        DiscordEmbedRendererTest.assertWithinLimits(embed.toData());
        List<String> names =
                embed.getFields().stream().map(MessageEmbed.Field::getName).toList();
        for (int i = 1; i <= 10; i++) {
            assertThat(names).contains("MX " + i * 10);
        }
        assertThat(names).contains("MTA-STS", "TLS-RPT");
        assertThat(embed.getTitle()).startsWith("❌ big.test — mail domain — FAILURE");
        assertThat(embed.getDescription()).startsWith("**✖ ");
        // The first host's field shows its name and addresses.
        MessageEmbed.Field first = embed.getFields().stream()
                .filter(f -> f.getName().equals("MX 10"))
                .findFirst()
                .orElseThrow();
        assertThat(first.getValue()).contains("mx1.big.test").contains("127.0.1.1");
    }

    @Test
    void theCommandTheDomainCardShowsRunsAsTheSameDomainCheck() {
        Card card = card(new FakeDomainDns().nullMx("nomail.test").report("nomail.test"));
        String shown = card.reproduceCommand();
        assertThat(shown).startsWith("/mailtls host:");
        String host = shown.substring("/mailtls host:".length());
        assertThat(DiscordProbe.ask(host(host, false)))
                .isInstanceOfSatisfying(
                        DiscordProbe.Ask.Domain.class,
                        d -> assertThat(d.ask().domain()).isEqualTo("nomail.test"));
    }

    static Stream<HostileText> corpus() {
        return HostileText.stream();
    }

    /** A TXT record, an MX host name and a TLS-RPT address written by an attacker. */
    @ParameterizedTest
    @MethodSource("corpus")
    void hostileDnsTextIsInert(HostileText h) {
        String text = h.cutSafe();
        DomainReport report = new FakeDomainDns()
                .mx("evil.test", 10, text)
                .txt("_mta-sts.evil.test", "v=STSv1; " + text)
                .txt("_smtp._tls.evil.test", "v=TLSRPTv1; rua=mailto:" + text)
                .report("evil.test");
        MessageEmbed embed = new DiscordEmbedRenderer().renderDomain(card(report));

        DiscordEmbedRendererTest.assertWithinLimits(embed.toData());
        EmbedInjectionCorpusTest.assertInert(embed, h);
        assertThat(String.join("\n", EmbedInjectionCorpusTest.strings(embed)))
                .contains(h.marker().toLowerCase());
    }

    private static Card card(DomainReport report) {
        return DiscordProbe.card(new dev.mailtls.chat.ChatAnswer.DomainCard(
                report, new dev.mailtls.chat.ChatAsk.Domain(report.domain(), false, false)));
    }
}
