package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.command.ProbeCommand;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import java.net.URI;
import java.util.Map;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.junit.jupiter.api.Test;

class DiscordCommandTest {

    @Test
    void definitionHasTheTypedOptionsWithChoicesAndPortRange() {
        SlashCommandData cmd = DiscordCommand.definition();

        assertThat(cmd.getName()).isEqualTo("mailtls");
        assertThat(cmd.getOptions())
                .extracting(OptionData::getName)
                .containsExactly("host", "port", "transport", "protocol", "fresh", "private", "auth", "deep");
        OptionData host = cmd.getOptions().get(0);
        assertThat(host.isRequired()).isTrue();
        assertThat(host.getType()).isEqualTo(OptionType.STRING);
        OptionData port = cmd.getOptions().get(1);
        assertThat(port.getType()).isEqualTo(OptionType.INTEGER);
        assertThat(port.getMinValue()).isEqualTo(1L);
        assertThat(port.getMaxValue()).isEqualTo(65535L);
        assertThat(cmd.getOptions().get(2).getChoices())
                .extracting(c -> c.getAsString())
                .containsExactly("tls", "starttls", "plain", "auto");
        assertThat(cmd.getOptions().get(3).getChoices())
                .extracting(c -> c.getAsString())
                .containsExactly("smtp", "imap", "pop3");
        assertThat(cmd.getOptions().get(4).getType()).isEqualTo(OptionType.BOOLEAN);
        assertThat(cmd.getOptions().get(5).getType()).isEqualTo(OptionType.BOOLEAN);
        assertThat(cmd.getOptions().get(6).getType()).isEqualTo(OptionType.BOOLEAN);
        assertThat(cmd.getOptions().get(7).getType()).isEqualTo(OptionType.BOOLEAN);
        assertThat(cmd.toData().toString()).contains("\"name\":\"mailtls\"");
    }

    @Test
    void optionsBecomeTheSharedGrammarsWords() {
        var o = new DiscordCommand.Options("smtp.gmail.com", 465L, "tls", "smtp", true, true);

        var ask = (DiscordProbe.Ask.Probe) DiscordProbe.ask(o);

        assertThat(o.words()).containsExactly("smtp.gmail.com", "465", "tls", "smtp", "fresh", "private");
        ProbeCommand c = ask.command();
        assertThat(c.host()).isEqualTo("smtp.gmail.com");
        assertThat(c.port()).isEqualTo(465);
        assertThat(c.transport()).isEqualTo(Transport.TLS);
        assertThat(c.protocol()).isEqualTo(Protocol.SMTP);
        assertThat(ask.fresh()).isTrue();
        assertThat(ask.isPrivate()).isTrue();
    }

    /** Discord had no auth option, and a probe ignored the grammar's auth word; Slack and the API ran it. */
    @Test
    void theAuthOptionIsTheGrammarsAuthWord() {
        var o = new DiscordCommand.Options("smtp.gmail.com", 465L, null, null, false, false, true);

        var ask = (DiscordProbe.Ask.Probe) DiscordProbe.ask(o);

        assertThat(o.words()).containsExactly("smtp.gmail.com", "465", "auth");
        assertThat(ask.command().has(ProbeCommand.Flag.AUTH)).isTrue();
        assertThat(new DiscordCommand.Options("smtp.gmail.com", 465L, null, null, false, false).auth())
                .isFalse();
    }

    @Test
    void helpListsTheDeepOptionAndWhatADeepProbeCosts() {
        assertThat(DiscordProbe.help())
                .contains("`deep` every TLS version and cipher suite")
                .contains("counts as 3 fresh probes");
    }

    @Test
    void theDeepOptionIsTheGrammarsDeepWordAndItsReRunKeepsIt() {
        var o = new DiscordCommand.Options("smtp.gmail.com", 465L, null, null, false, false, false, true);

        var ask = (DiscordProbe.Ask.Probe) DiscordProbe.ask(o);

        assertThat(o.words()).containsExactly("smtp.gmail.com", "465", "deep");
        assertThat(ask.command().has(ProbeCommand.Flag.DEEP)).isTrue();
        var buttons = CardButtons.of(ask.command(), null);
        var rerun = (DiscordProbe.Ask.Probe) DiscordProbe.rerun(buttons.rerunId());
        assertThat(rerun.command().has(ProbeCommand.Flag.DEEP)).isTrue();
        assertThat(rerun.fresh()).isTrue();
        assertThat(new DiscordCommand.Options("smtp.gmail.com", 465L, null, null, false, false, true).deep())
                .isFalse();
    }

    /** Discord allowed fresh with a group host; the grammar's group form now allows it everywhere. */
    @Test
    void aGroupHostWithFreshIsAGroup() {
        assertThat(DiscordProbe.ask(new DiscordCommand.Options("provider:gmail", null, null, null, true, true)))
                .isInstanceOfSatisfying(
                        DiscordProbe.Ask.Group.class,
                        g -> assertThat(g.isPrivate()).isTrue());
    }

    @Test
    void autoTransportLeavesTheTransportToThePort() {
        var ask = (DiscordProbe.Ask.Probe)
                DiscordProbe.ask(new DiscordCommand.Options("imap.example.com", 993L, "auto", null, false, false));

        assertThat(ask.command().transport()).isNull();
        assertThat(ask.command().protocol()).isEqualTo(Protocol.IMAP);
    }

    @Test
    void hostHelpInAnyCaseAsksForHelp() {
        assertThat(DiscordProbe.ask(new DiscordCommand.Options(" Help ", null, null, null, false, false)))
                .isInstanceOfSatisfying(
                        DiscordProbe.Ask.Answer.class, a -> assertThat(a.text()).contains("usage: <host>"));
    }

    @Test
    void usageErrorsAreTheSharedGrammarsAndCannotMention() {
        var answer = (DiscordProbe.Ask.Answer)
                DiscordProbe.ask(new DiscordCommand.Options("@everyone", null, null, null, false, false));

        assertThat(answer.text()).contains("is not a host name or IP address").doesNotContain("@everyone");
    }

    @Test
    void settingsComeFromTheEnvironmentWithDiscordsApiByDefault() {
        DiscordSettings s = DiscordSettings.fromEnvironment(Map.of(
                "DISCORD_TOKEN", "tok",
                "DISCORD_PUBLIC_KEY", "ab".repeat(32),
                "DISCORD_APPLICATION_ID", "1100",
                "DISCORD_GUILD_ID", " "));

        assertThat(s.apiUrl()).isEqualTo(URI.create("https://discord.com/api/v10"));
        assertThat(s.guildId()).isNull();
        assertThat(s.gatewayConfigured()).isTrue();
        assertThat(s.interactionsConfigured()).isTrue();
        assertThat(DiscordSettings.fromEnvironment(Map.of("DISCORD_API_URL", "http://127.0.0.1:9/api/"))
                        .apiUrl())
                .isEqualTo(URI.create("http://127.0.0.1:9/api"));
        assertThatThrownBy(() -> DiscordSettings.fromEnvironment(Map.of("DISCORD_PUBLIC_KEY", "xyz")))
                .hasMessageContaining("DISCORD_PUBLIC_KEY");
    }
}
