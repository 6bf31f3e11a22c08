package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import org.junit.jupiter.api.Test;

/** Where the auth probe may run: real credentials only over TLS to a trusted, matching certificate. */
class AuthPhaseTest {

    @Test
    void realCredentialsAreNeverSentOverPlaintextWhateverTheOptionsSay() {
        // encrypted=false, real=true, plaintext allowed, even a "safe" verdict: still refused.
        AuthOutcome refused = AuthPhase.refusal(false, true, true, true);
        assertThat(refused).isNotNull();
        assertThat(refused.verdict()).isEqualTo(AuthOutcome.Verdict.SKIPPED_PLAINTEXT);
        assertThat(refused.realCredentials()).isTrue();
        assertThat(refused.exchange()).singleElement().asString().doesNotContain("--auth-plaintext");
    }

    @Test
    void plaintextIsAllowedForTheMadeUpLoginOnlyWhenForced() {
        assertThat(AuthPhase.refusal(false, false, true, false)).isNull();
        assertThat(AuthPhase.refusal(false, false, false, false).verdict())
                .isEqualTo(AuthOutcome.Verdict.SKIPPED_PLAINTEXT);
    }

    @Test
    void realCredentialsOverTlsNeedATrustedMatchingCertificate() {
        assertThat(AuthPhase.refusal(true, true, false, false).verdict())
                .isEqualTo(AuthOutcome.Verdict.SKIPPED_UNTRUSTED);
        assertThat(AuthPhase.refusal(true, true, false, true)).isNull();
    }

    @Test
    void optionsRefuseRealCredentialsWithPlaintextAllowed() {
        ProbeOptions o = ProbeOptions.defaults();
        Credentials alice = new Credentials("alice", "pw-123456");
        assertThatThrownBy(() -> o.withAuthProbe(true, alice, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(ProbeOptions.REAL_CREDENTIALS_IN_PLAINTEXT)
                .hasMessageNotContaining("pw-123456")
                .hasMessageNotContaining("\n");
        assertThat(o.withAuthProbe(true, null, true).allowPlaintextAuth()).isTrue();
        assertThat(o.withAuthProbe(true, alice, false).credentials()).isEqualTo(alice);
    }
}
