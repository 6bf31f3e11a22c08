package dev.mailtls.card;

import static dev.mailtls.card.CardTest.card;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.testing.ProbeResults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextRendererTest {
    private final TextRenderer text = new TextRenderer();

    @Test
    void yahooCardReadsLikeCardMd() {
        String out = text.render(card(ProbeResults.yahooNoGreeting()));

        assertThat(out).isEqualTo("""
                        ❌ smtp.mail.yahoo.com:587 — SMTP with STARTTLS — FAILED
                           98.136.96.74 (IPv4, 1 of 2 addresses)

                        Hints
                          ✖ NO_GREETING  The port accepted the connection but the server sent nothing in 10 s.
                                         The service is unresponsive, or the port expects implicit TLS and waits
                                         for a TLS handshake that a plaintext client never sends.
                                         → try: mailtls probe smtp.mail.yahoo.com 465 tls smtp; if that fails
                                         too, the service is hung or overloaded: check its logs and connection
                                         limits.

                        resolve 4 ms · connect 88 ms · greeting — (no answer in 10 s) · total 10.1 s
                        reproduce: openssl s_client -connect smtp.mail.yahoo.com:587 -servername smtp.mail.yahoo.com -starttls smtp
                        """);
    }

    @Test
    void withoutEmojiTheVerdictWordStandsAloneAndHintsAreMarkedInAscii() {
        Card card = card(ProbeResults.yahooNoGreeting());
        String plain = new TextRenderer(false, false, false).render(card);
        String usual = text.render(card);

        assertThat(plain.lines().findFirst()).hasValue("smtp.mail.yahoo.com:587 — SMTP with STARTTLS — FAILED");
        assertThat(plain).contains("\n  x NO_GREETING  ").contains("-> try");
        assertThat(plain).doesNotContain("❌").doesNotContain("✖").doesNotContain("→");
        // Same layout: one line for one line.
        assertThat(plain.lines().count()).isEqualTo(usual.lines().count());
    }

    @Test
    void withoutEmojiTheTrustLineIsAscii() {
        String plain = new TextRenderer(false, false, false).render(card(ProbeResults.healthySubmission()));

        assertThat(plain).doesNotContain("✅").doesNotContain("✔").doesNotContain("ℹ");
        assertThat(plain).contains("+ matches smtp.gmail.com");
    }

    @Test
    void healthyCardAlignsLabelsAndIndentsTheCertificate() {
        String out = text.render(card(ProbeResults.healthySubmission()));

        assertThat(out)
                .startsWith("✅ smtp.gmail.com:587 — SMTP with STARTTLS — OK\n"
                        + "   142.250.102.108 (IPv4, 1 of 2 addresses) · TLSv1.3 · TLS_AES_256_GCM_SHA384\n"
                        + "\n"
                        + "Greeting    220 smtp.gmail.com ESMTP a1-20020a05600c - gsmtp\n"
                        + "Before TLS  SIZE 35882577 · 8BITMIME · STARTTLS")
                .contains("\nSTARTTLS    220 2.0.0 Ready to start TLS\n")
                .contains(
                        "\nAfter TLS   + AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH   − STARTTLS\n")
                .contains("\n\nCertificate CN=smtp.gmail.com\n  issuer    CN=WR2,O=Google Trust Services,C=US\n")
                .contains("\n  valid     2026-10-30 → 2027-01-19 (51 days left)\n")
                .contains("\n  trust     ✔ chain of 3 trusted by the JDK store · ✔ matches smtp.gmail.com\n")
                .contains("\n  ✔ STARTTLS_OK ")
                .endsWith(
                        "total 96 ms\n"
                                + "reproduce: openssl s_client -connect smtp.gmail.com:587 -servername smtp.gmail.com -starttls smtp\n");
        assertThat(out.indexOf("Certificate")).isLessThan(out.indexOf("Hints"));
        assertThat(out.indexOf("Hints")).isLessThan(out.indexOf("resolve 3 ms"));
    }

    @Test
    void okAndInfoHintsAreOneLineWarningsCarryDetailAndFix() {
        String out = text.render(card(ProbeResults.gmailAppPassword()));

        assertThat(out).contains("⚠ APP_PASSWORD_REQUIRED  The server requires an app password");
        assertThat(out).contains("→ For such an account, create an app password");
        assertThat(out).doesNotContain("Nothing is ever sent unencrypted"); // IMPLICIT_TLS_OK's detail
    }

    @Test
    void authProbeContinuationLinesAlignUnderTheValue() {
        String out = text.render(card(ProbeResults.gmailAppPassword()));

        assertThat(out)
                .contains("Auth probe   AUTH LOGIN → 334 Username: → <redacted> → 334 Password: → <redacted>\n"
                        + "             ← 534-5.7.9 Application-specific password required. Learn more at\n");
    }

    @Test
    void colourIsOffByDefaultAndOnWhenAsked() {
        Card c = card(ProbeResults.healthySubmission());

        assertThat(text.render(c)).doesNotContain("\u001B");
        assertThat(new TextRenderer(true, false).render(c))
                .startsWith("\u001B[1;32m✅ smtp.gmail.com:587")
                .contains("\u001B[32m✔\u001B[0m STARTTLS_OK");
    }

    @Test
    void cachedCardsSaySo() {
        String out = text.render(card(ProbeResults.healthySubmission()).withCachedAge(Duration.ofSeconds(42)));

        assertThat(out).contains("\ncached 42 s ago · fresh to re-run\n");
    }

    @Test
    void transcriptIsAppendedOnlyWhenAsked() {
        Card c = card(ProbeResults.healthySubmission().transcript("C: EHLO mailtls.invalid", "S: 250 ok"));

        assertThat(text.render(c)).doesNotContain("EHLO mailtls.invalid");
        assertThat(new TextRenderer(false, true).render(c))
                .contains("\nTranscript\n  C: EHLO mailtls.invalid\n  S: 250 ok\n\nreproduce: ");
    }

    @Test
    void wrapKeepsLongWordsWhole() {
        assertThat(TextRenderer.wrap("a " + "x".repeat(50) + " b", 20)).containsExactly("a", "x".repeat(50), "b");
    }
}
