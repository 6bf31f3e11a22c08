package dev.mailtls.slack;

import static dev.mailtls.testing.GroupSummaries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.testing.GroupSummaries;
import dev.mailtls.testing.HostileText;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile target strings and certificate subjects in a summary: no mention, link, code break or hidden character. */
class SummaryInjectionCorpusTest {
    static List<HostileText> corpus() {
        return HostileText.corpus();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void summaryCarriesNoActiveFormOfHostileTargetsOrSubjects(HostileText h) {
        String hostile = h.cutSafe();
        SlackSummaryRenderer renderer = new SlackSummaryRenderer();
        for (List<LayoutBlock> blocks : List.of(
                renderer.render(GroupSummaries.hostile(hostile), NOW),
                renderer.renderMatrix(GroupSummaries.hostile(hostile), NOW))) {
            BlockJson.assertWithinLimits(blocks);
            InjectionCorpusTest.assertSafe(blocks, h);
            assertThat(BlockJson.texts(blocks)).anySatisfy(t -> assertThat(t).contains(h.marker()));
        }
        if (hostile.contains("<") && hostile.length() < 1000) {
            assertThat(BlockJson.texts(new SlackSummaryRenderer().render(GroupSummaries.hostile(hostile), NOW)))
                    .anySatisfy(t -> assertThat(t).contains("&lt;"));
        }
    }
}
