package dev.mailtls.discord;

import static dev.mailtls.testing.GroupSummaries.NOW;

import dev.mailtls.testing.GroupSummaries;
import java.util.stream.Stream;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile target strings and certificate subjects in a summary embed: none of Discord's active forms survive. */
class SummaryInjectionCorpusTest {

    static Stream<String> corpus() {
        return EmbedInjectionCorpusTest.corpus();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileTargetsAndSubjectsAreInertInTheSummary(String hostile) {
        MessageEmbed e = new DiscordSummaryRenderer().render(GroupSummaries.hostile(hostile), NOW);

        EmbedInjectionCorpusTest.assertInert(e, hostile);
        DiscordSummaryRendererTest.assertWithinLimits(e);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileTargetsAreInertInTheMatrix(String hostile) {
        MessageEmbed e = new DiscordSummaryRenderer().renderMatrix(GroupSummaries.hostile(hostile), NOW);

        EmbedInjectionCorpusTest.assertInert(e, "mx.");
        DiscordSummaryRendererTest.assertWithinLimits(e);
    }
}
