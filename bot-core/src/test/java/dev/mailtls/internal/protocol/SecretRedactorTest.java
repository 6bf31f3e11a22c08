package dev.mailtls.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.auth.Credentials;
import dev.mailtls.testing.CredentialForms;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {
    private static final Credentials ALICE = new Credentials("alice", "S3cretPW-unique");
    private final SecretRedactor redactor = SecretRedactor.of(ALICE);

    @Test
    void echoedPlainInitialResponseIsRedacted() {
        // The report, verbatim: base64 of NUL "alice" NUL "S3cretPW-unique" (RFC 4616).
        assertThat(redactor.redact("535-5.7.8 you sent AGFsaWNlAFMzY3JldFBXLXVuaXF1ZQ=="))
                .isEqualTo("535-5.7.8 you sent <redacted>");
    }

    @Test
    void loginPiecesAndClearValuesAreRedacted() {
        // AUTH LOGIN's pieces: base64 of "alice" and of the password.
        assertThat(redactor.redact("535 5.7.8 YWxpY2U= / UzNjcmV0UFctdW5pcXVl rejected"))
                .isEqualTo("535 5.7.8 <redacted> / <redacted> rejected");
        assertThat(redactor.redact("-ERR alice:S3cretPW-unique")).isEqualTo("-ERR <redacted>:<redacted>");
    }

    @Test
    void hexInEitherCaseIsRedacted() {
        String hex = "5333637265745057";
        assertThat(redactor.redact("NO " + hex + "2d756e69717565")).isEqualTo("NO <redacted>");
        assertThat(redactor.redact("NO 53336372657450572D756E69717565")).isEqualTo("NO <redacted>");
    }

    @Test
    void imapQuotedFormsAreRedacted() {
        SecretRedactor quoted = SecretRedactor.of(new Credentials("bob", "pa\"ss\\word-1"));
        assertThat(quoted.redact("a3 NO you sent \"bob\" \"pa\\\"ss\\\\word-1\""))
                .isEqualTo("a3 NO you sent <redacted> <redacted>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "xy", "you sent ", "a longer prefix, 30 bytes long"})
    void passwordInsideAnyBase64BlobIsCaughtAtEveryAlignment(String prefix) {
        String blob = b64(prefix + ALICE.password() + " and more");
        String shown = redactor.redact("334 " + blob);
        assertThat(shown).contains("<redacted>");
        assertThat(CredentialForms.of("alice", ALICE.password()).foundIn(shown)).isEmpty();
    }

    @Test
    void longRunsAreRedactedShortOnesKept() {
        // 5 characters of the clear password, 7 of its base64 and 10 hex digits are a secret's piece.
        assertThat(redactor.redact("x S3cr x")).isEqualTo("x S3cr x");
        assertThat(redactor.redact("x S3cre x")).isEqualTo("x <redacted> x");
        assertThat(redactor.redact("x UzNjcm x")).isEqualTo("x UzNjcm x");
        assertThat(redactor.redact("x UzNjcmV x")).isEqualTo("x <redacted> x");
        assertThat(redactor.redact("x 533363726 x")).isEqualTo("x 533363726 x");
        assertThat(redactor.redact("x 5333637265 x")).isEqualTo("x <redacted> x");
    }

    @Test
    void splitSecretLeavesNoLongPieceOnEitherLine() {
        List<String> lines =
                List.of("535-5.7.8 S3cretPW", "535 5.7.8 -unique", "535-AGFsaWNlAFMzY3Jl", "535 dFBXLXVuaXF1ZQ==");
        assertThat(redactor.redact(lines))
                .containsExactly("535-5.7.8 <redacted>", "535 5.7.8 <redacted>", "535-<redacted>", "535 <redacted>");
    }

    @Test
    void ordinaryTextIsKeptAndNoneRedactsNothing() {
        String greeting = "220 mail.example.com ESMTP Postfix (Debian/GNU)";
        assertThat(redactor.redact(greeting)).isEqualTo(greeting);
        assertThat(SecretRedactor.none().redact("S3cretPW-unique")).isEqualTo("S3cretPW-unique");
        assertThat(SecretRedactor.none().active()).isFalse();
        assertThat(redactor.active()).isTrue();
    }

    @Test
    void formsShorterThanThreeCharactersAreNotRedacted() {
        // A one- or two-letter secret would blank every such letter of every reply.
        SecretRedactor tiny = SecretRedactor.of(new Credentials("al", "pw"));
        assertThat(tiny.redact("alpha pw")).isEqualTo("alpha pw");
    }

    @Test
    void neighbouringFormsBecomeOneMarker() {
        assertThat(redactor.redact("aliceS3cretPW-unique!")).isEqualTo("<redacted>!");
    }

    @Test
    void toStringRevealsNothing() {
        assertThat(redactor.toString()).doesNotContain("alice").doesNotContain("S3cret");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
