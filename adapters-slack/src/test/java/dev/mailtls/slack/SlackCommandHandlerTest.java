package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import dev.mailtls.chat.ChatAnswer;
import dev.mailtls.chat.ChatAsk;
import dev.mailtls.chat.ChatCommands;
import dev.mailtls.command.CommandParser;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.testing.FakeDomainDns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackCommandHandlerTest {

    @Test
    void ackNamesTheTargetWithTheProtocolAndTransportThePortImplies() throws Exception {
        assertThat(SlackCommandHandler.probing(CommandParser.parse("smtp.gmail.com 587")))
                .isEqualTo(":hourglass_flowing_sand: Probing smtp.gmail.com:587 (SMTP, STARTTLS)…");
        assertThat(SlackCommandHandler.probing(CommandParser.parse("imap.example.com")))
                .isEqualTo(":hourglass_flowing_sand: Probing imap.example.com:993 (IMAP, implicit TLS)…");
    }

    @Test
    void ackSaysWhatIsStillToBeFoundAndWhichFlagsApply() throws Exception {
        assertThat(SlackCommandHandler.probing(CommandParser.parse("gw.example.com 2600 fresh auth private")))
                .isEqualTo(":hourglass_flowing_sand: Probing gw.example.com:2600"
                        + " (protocol from the greeting, transport detected; fresh, auth)…");
    }

    @Test
    void throttlingSaysWhenToRetryAndThatTheCacheIsNotLimited() throws Exception {
        ServiceResult.Throttled t = new ServiceResult.Throttled(
                "fresh probes are limited (cached results are not)",
                Duration.ofMillis(11_200),
                new ServiceResult.Asked("slack:T1:U1", Instant.EPOCH));

        assertThat(SlackCommandHandler.throttled(new ChatAnswer.Throttled(t, true)))
                .isEqualTo(":hourglass: fresh probes are limited (cached results are not): try again in 12 s."
                        + " Without `fresh`, a recent result comes from the cache at once.");
    }

    @Test
    void helpShowsTheGrammarWithItsAngleBracketsEscaped() {
        assertThat(SlackCommandHandler.help())
                .contains("usage: /mailtls &lt;host&gt; [port]")
                .doesNotContain("<host>");
    }

    @Test
    void helpListsTheDeepWordAndWhatADeepProbeCosts() {
        assertThat(SlackCommandHandler.help())
                .contains("`deep` to list every TLS version and cipher suite")
                .contains("counts as 3 fresh probes")
                .contains("one deep probe of a server address every 5 minutes");
    }

    @Test
    void helpListsTheDomainCommand() {
        assertThat(SlackCommandHandler.help())
                .contains("`/mailtls domain &lt;domain&gt;`")
                .contains("MTA-STS");
    }

    @Test
    void aDomainUsageErrorSaysHowToAskForADomain() {
        ChatAsk ask = ChatCommands.read("domian example.com");
        assertThat(ask).isInstanceOf(ChatAsk.Usage.class);
        assertThat(SlackCommandHandler.usage((ChatAsk.Usage) ask))
                .startsWith(":warning: unknown command ")
                .contains("did you mean domain?")
                .contains("`/mailtls domain &lt;domain&gt;`");
    }

    @Test
    void ackOfADomainCheckNamesTheDomain() {
        assertThat(SlackCommandHandler.checkingDomain(new ChatAsk.Domain("example.com", true, false)))
                .isEqualTo(":hourglass_flowing_sand: Checking the mail domain example.com"
                        + " (MX, MTA-STS, TLS-RPT, DANE); fresh…");
    }

    @Test
    void aDomainCheckIsAnsweredWithTheDomainCardInTheChannelUnlessPrivate() {
        FakeDomainDns dns = new FakeDomainDns().nullMx("nomail.test");
        try (ProbeService service =
                        new ProbeService(new Prober(dns.resolver(), Clock.systemUTC()), ServiceLimits.defaults());
                SlackCommandHandler handler = handler(service, dns.checks(service, Duration.ofSeconds(5)))) {
            SlashCommandResponse shared = handler.answer(new ChatAsk.Domain("nomail.test", false, false), "slack:T:U1");
            assertThat(shared.getResponseType()).isEqualTo(SlackCommandHandler.IN_CHANNEL);
            assertThat(shared.getText()).contains("nomail.test — mail domain");
            assertThat(BlockJson.texts(shared.getBlocks()))
                    .anySatisfy(t -> assertThat(t).contains("NULL_MX"));

            SlashCommandResponse mine = handler.answer(new ChatAsk.Domain("nomail.test", false, true), "slack:T:U2");
            assertThat(mine.getResponseType()).isEqualTo(SlackCommandHandler.EPHEMERAL);
            assertThat(mine.getBlocks()).isNotEmpty();
        }
    }

    @Test
    void withoutDomainChecksTheAskerIsToldTheyAreNotEnabled() {
        try (ProbeService service = new ProbeService(
                        new Prober(new FakeDomainDns().resolver(), Clock.systemUTC()), ServiceLimits.defaults());
                SlackCommandHandler handler = handler(service, null)) {
            SlashCommandResponse r = handler.answer(new ChatAsk.Domain("example.com", false, false), "slack:T:U");
            assertThat(r.getResponseType()).isEqualTo(SlackCommandHandler.EPHEMERAL);
            assertThat(r.getText()).isEqualTo(":information_source: domain checks are not enabled on this server.");
        }
    }

    private static SlackCommandHandler handler(ProbeService service, DomainChecks domains) {
        ProbeOptions options = ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5));
        return new SlackCommandHandler(
                service,
                new Diagnoser(),
                options,
                true,
                new TranscriptStore(),
                new GroupRunner(service, new Diagnoser(), options),
                null,
                domains);
    }

    @Test
    void httpModeRefusesToRunWithoutASigningSecret() {
        App app = new App(AppConfig.builder().build());

        assertThatThrownBy(() -> new SlackHttpEndpoint(app)).hasMessageContaining("SLACK_SIGNING_SECRET");
    }
}
