package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
    private static final String TOKEN = "s3cret-token-0123456789";

    /**
     * SHA-256 of TOKEN's UTF-8 bytes, computed outside mailtls ({@code printf '%s'
     * s3cret-token-0123456789 | sha256sum}): a known answer, so a wrong digest cannot pass.
     */
    private static final String TOKEN_SHA256 = "706b9b78de6d1b73d3d7b2f429bfbc765ce28c830c4e4f98d757dddf0faef19a";

    @Test
    void aConfiguredTokenAuthenticatesAsItsHashId() {
        ApiTokens tokens = ApiTokens.of(List.of(TOKEN));
        assertThat(tokens.authenticate("Bearer " + TOKEN)).hasValue("token:" + TOKEN_SHA256.substring(0, 8));
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
        ApiTokens tokens = ApiTokens.of(List.of("another-token-abcdefgh", "sha256:" + TOKEN_SHA256));
        assertThat(tokens.authenticate("Bearer " + TOKEN)).hasValue("token:706b9b78");
        assertThat(tokens.size()).isEqualTo(2);
        // Upper-case hex digits name the same hash.
        assertThat(ApiTokens.of(List.of("SHA256:" + TOKEN_SHA256.toUpperCase(java.util.Locale.ROOT)))
                        .authenticate("Bearer " + TOKEN))
                .isPresent();
    }

    @Test
    void hashForConfigPrintsTheKnownSha256OfTheToken() {
        assertThat(ApiTokens.hashForConfig(TOKEN)).isEqualTo("sha256:" + TOKEN_SHA256);
        // FIPS 180-2, appendix B.1: SHA-256("abc").
        assertThat(ApiTokens.hashForConfig("abc"))
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
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
