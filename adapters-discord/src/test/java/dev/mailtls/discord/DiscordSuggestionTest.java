package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.SuggestingResults;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import org.junit.jupiter.api.Test;

/** A probe a hint suggests in Discord is the command's own options, and they probe the same target. */
class DiscordSuggestionTest {
    private final Diagnoser diagnoser = new Diagnoser();

    @Test
    void everySuggestionIsTheCommandWithItsRegisteredOptions() throws Exception {
        Set<String> registered = DiscordCommand.definition().getOptions().stream()
                .map(OptionData::getName)
                .collect(Collectors.toSet());
        int seen = 0;
        for (ProbeResult r : SuggestingResults.all()) {
            for (Hint h : diagnoser.diagnose(r)) {
                TryCommand t = h.tryCommand();
                if (t == null) {
                    continue;
                }
                seen++;
                String line = t.in(DiscordCommand.SUGGESTION_FORM);
                assertThat(line).startsWith("/" + DiscordCommand.NAME + " ");
                Map<String, String> options = new HashMap<>();
                for (String word :
                        line.substring(DiscordCommand.NAME.length() + 2).split(" ")) {
                    String[] kv = word.split(":", 2);
                    options.put(kv[0], kv[1]);
                }
                assertThat(registered).containsAll(options.keySet());
                ProbeCommand parsed = CommandParser.parse(new DiscordCommand.Options(
                                options.get(DiscordCommand.HOST),
                                Long.parseLong(options.get(DiscordCommand.PORT)),
                                options.get(DiscordCommand.TRANSPORT),
                                options.get(DiscordCommand.PROTOCOL),
                                false,
                                false)
                        .words());
                assertThat(parsed.host()).isEqualTo(t.host());
                assertThat(parsed.port()).isEqualTo(t.port());
                assertThat(parsed.transport()).isEqualTo(t.transport());
                assertThat(parsed.protocol()).isEqualTo(t.protocol());
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theEmbedShowsTheDiscordFormNotTheCli() {
        Card card = Card.of(Report.of(SuggestingResults.all().get(0), diagnoser), DiscordCommand.SUGGESTION_FORM);
        MessageEmbed embed = new DiscordEmbedRenderer().render(card);
        String all = embed.getDescription() + "\n"
                + embed.getFields().stream().map(MessageEmbed.Field::getValue).collect(Collectors.joining("\n"));

        assertThat(all).contains("/mailtls host:smtp.mail.yahoo.com port:465 transport:tls protocol:smtp");
        assertThat(all).doesNotContain("mailtls probe");
    }
}
