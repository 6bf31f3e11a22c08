package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
    private static final String TOKEN = "s3cret-token-0123456789";

    @Test
    void aConfiguredTokenAuthenticatesAsItsHashId() {
        ApiTokens tokens = ApiTokens.of(List.of(TOKEN));
        assertThat(tokens.authenticate("Bearer " + TOKEN))
                .hasValueSatisfying(
                        id -> assertThat(id).matches("token:[0-9a-f]{8}").doesNotContain(TOKEN));
        assertThat(tokens.authenticate("bearer " + TOKEN)).isPresent();
    }

    @Test
    void wrongMissingOrNonBearerCredentialsAreRefused() {
        ApiTokens tokens = ApiTokens.of(List.of(TOKEN));
        assertThat(tokens.authenticate("Bearer " + TOKEN + "x")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.authenticate("Basic " + TOKEN)).isEmpty();
        assertThat(tokens.authenticate(TOKEN)).isEmpty();
        assertThat(ApiTokens.none().authenticate("Bearer " + TOKEN)).isEmpty();
    }

    @Test
    void aHashInConfigurationAcceptsTheTokenItHashes() {
        String hashed = ApiTokens.hashForConfig(TOKEN);
        assertThat(hashed).startsWith("sha256:").hasSize(7 + 64).doesNotContain(TOKEN);
        ApiTokens tokens = ApiTokens.of(List.of("another-token-abcdefgh", hashed));
        assertThat(tokens.authenticate("Bearer " + TOKEN)).isPresent();
        assertThat(tokens.size()).isEqualTo(2);
    }

    @Test
    void shortOrMalformedTokensAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> ApiTokens.of(List.of("short")))
                .hasMessageContaining("#1")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> ApiTokens.of(List.of(TOKEN, "sha256:abc")))
                .hasMessageContaining("#2")
                .hasMessageContaining("64 hex");
        assertThatThrownBy(() -> ApiTokens.of(List.of("has a space in it 0123")))
                .hasMessageNotContaining("space in it");
    }

    @Test
    void toStringNeverShowsATokenOrItsHash() {
        ApiTokens tokens = ApiTokens.of(List.of(TOKEN));
        assertThat(tokens.toString()).isEqualTo("ApiTokens[1 configured]");
    }
}
