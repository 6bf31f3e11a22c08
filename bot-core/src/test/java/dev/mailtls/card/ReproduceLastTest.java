package dev.mailtls.card;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.ProbeResults;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every card ends with the manual command that reproduces it, transcript or not. */
class ReproduceLastTest {
    private static final Card CARD = Card.of(Report.of(
            ProbeResults.healthyStartTls(Protocol.SMTP).build(), new Diagnoser(DiagnosisThresholds.defaults())));

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void textCardEndsWithTheReproduceCommand(boolean transcript) {
        String text = new TextRenderer(false, transcript).render(CARD);
        assertThat(lastLine(text)).startsWith("reproduce: openssl s_client -connect ");
        assertThat(text.contains("Transcript")).isEqualTo(transcript);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void markdownCardEndsWithTheReproduceCommand(boolean transcript) {
        String md = new MarkdownRenderer(transcript).render(CARD);
        assertThat(lastLine(md)).startsWith("Reproduce: `openssl s_client -connect ");
        assertThat(md.contains("**Transcript**")).isEqualTo(transcript);
    }
}
