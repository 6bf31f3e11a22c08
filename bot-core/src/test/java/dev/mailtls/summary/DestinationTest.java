package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DestinationTest {
    @Test
    void theThreeKindsParse() {
        assertThat(Destination.parse("slack:C0123456")).isEqualTo(new Destination("slack", "C0123456"));
        assertThat(Destination.parse("discord:123456789012345678").target()).isEqualTo("123456789012345678");
        assertThat(Destination.parse("webhook:https://hooks.example.com/x").target())
                .isEqualTo("https://hooks.example.com/x");
    }

    @Test
    void channelNamesAndUnknownKindsAreRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> Destination.parse("slack:#mail-ops")).hasMessageContaining("channel ids such as");
        assertThatThrownBy(() -> Destination.parse("discord:mail-ops")).hasMessageContaining("Copy Channel ID");
        assertThatThrownBy(() -> Destination.parse("teams:abc")).hasMessageContaining("unknown destination kind");
        assertThatThrownBy(() -> Destination.parse("webhook:ftp://x")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> Destination.parse("C0123456")).hasMessageContaining("slack:<channel id>");
    }

    @Test
    void aWebhookUrlIsNeverShownWhole() {
        assertThat(Destination.parse("webhook:https://hooks.example.com/secret-token")
                        .toString())
                .isEqualTo("webhook:hooks.example.com/…");
    }
}
