package dev.mailtls.discord;

import static dev.mailtls.testing.GroupSummaries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.testing.GroupSummaries;
import dev.mailtls.testing.HostileText;
import java.util.stream.Stream;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared corpus as target strings and certificate subjects in a summary embed: inert, and shown. */
class SummaryInjectionCorpusTest {

    static Stream<HostileText> corpus() {
        return HostileText.stream();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileTargetsAndSubjectsAreInertInTheSummary(HostileText h) {
        MessageEmbed e = new DiscordSummaryRenderer().render(GroupSummaries.hostile(h.cutSafe()), NOW);

        EmbedInjectionCorpusTest.assertInert(e, h);
        assertThat(String.join("\n", EmbedInjectionCorpusTest.strings(e))).contains(h.marker());
        DiscordSummaryRendererTest.assertWithinLimits(e);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileTargetsAreInertInTheMatrix(HostileText h) {
        MessageEmbed e = new DiscordSummaryRenderer().renderMatrix(GroupSummaries.hostile(h.cutSafe()), NOW);

        EmbedInjectionCorpusTest.assertInert(e, h);
        assertThat(String.join("\n", EmbedInjectionCorpusTest.strings(e))).contains(h.marker());
        DiscordSummaryRendererTest.assertWithinLimits(e);
    }
}
