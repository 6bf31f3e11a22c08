package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import dev.mailtls.chat.ChatAnswer;
import dev.mailtls.command.CommandParser;
import dev.mailtls.service.ServiceResult;
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
    void httpModeRefusesToRunWithoutASigningSecret() {
        App app = new App(AppConfig.builder().build());

        assertThatThrownBy(() -> new SlackHttpEndpoint(app)).hasMessageContaining("SLACK_SIGNING_SECRET");
    }
}
