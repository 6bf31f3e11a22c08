package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DestinationTest {
    private static final DestinationKind TEAMS = DestinationKind.matching(
            "teams", "<channel id>", Pattern.compile("19:[a-z0-9]+"), "Teams destinations are channel ids");

    @Test
    void aWebhookParsesWithoutAnyFrontEnd() {
        assertThat(Destination.parse("webhook:https://hooks.example.com/x"))
                .isEqualTo(new Destination("webhook", "https://hooks.example.com/x"));
    }

    @Test
    void theCoreKnowsNoChatPlatform() {
        assertThatThrownBy(() -> Destination.parse("slack:C0123456"))
                .hasMessage("'slack:C0123456': unknown destination kind 'slack'; use webhook:");
        assertThatThrownBy(() -> Destination.parse("C0123456"))
                .hasMessage("'C0123456' is not a destination: write webhook:<https URL>");
    }

    @Test
    void aFrontEndsKindParsesAndIsNamedBeforeWebhook() {
        assertThat(Destination.parse("Teams: 19:abc ", List.of(TEAMS))).isEqualTo(new Destination("teams", "19:abc"));
        assertThatThrownBy(() -> Destination.parse("chat:x", List.of(TEAMS)))
                .hasMessage("'chat:x': unknown destination kind 'chat'; use teams: or webhook:");
        assertThatThrownBy(() -> Destination.parse("x", List.of(TEAMS, TEAMS)))
                .hasMessage("'x' is not a destination: write teams:<channel id>, teams:<channel id> or"
                        + " webhook:<https URL>");
        assertThatThrownBy(() -> Destination.parse("teams:general", List.of(TEAMS)))
                .hasMessage("'teams:general': Teams destinations are channel ids");
    }

    @Test
    void aWebhookIsAnHttpUrl() {
        assertThatThrownBy(() -> Destination.parse("webhook:ftp://x")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> Destination.parse("webhook:https://exa mple")).hasMessageContaining("not a URL");
    }

    @Test
    void aWebhookUrlIsNeverShownWhole() {
        assertThat(Destination.parse("webhook:https://hooks.example.com/secret-token")
                        .toString())
                .isEqualTo("webhook:hooks.example.com/…");
    }
}
