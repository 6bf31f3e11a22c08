package dev.mailtls.card;

import static dev.mailtls.card.CardTest.card;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResults;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkdownRendererTest {
    private final MarkdownRenderer markdown = new MarkdownRenderer();

    @Test
    void yahooCardInMarkdown() {
        String out = markdown.render(card(ProbeResults.yahooNoGreeting()));

        assertThat(out).isEqualTo("""
                        ❌ **smtp.mail.yahoo.com:587 — SMTP with STARTTLS — FAILED**
                        98.136.96.74 (IPv4, 1 of 2 addresses)

                        **Hints**
                        - ✖ `NO_GREETING` The port accepted the connection but the server sent nothing in 10 s.
                          The service is unresponsive, or the port expects implicit TLS and waits for a TLS handshake that a plaintext client never sends.
                          **Fix:** try: mailtls probe smtp.mail.yahoo.com 465 tls smtp; if that fails too, the service is hung or overloaded: check its logs and connection limits.

                        resolve 4 ms · connect 88 ms · greeting — (no answer in 10 s) · total 10.1 s
                        Reproduce: `openssl s_client -connect smtp.mail.yahoo.com:587 -servername smtp.mail.yahoo.com -starttls smtp`
                        """);
    }

    @Test
    void serverTextIsCodeAndOurTextIsEscaped() {
        String out = markdown.render(card(ProbeResults.healthySubmission()));

        assertThat(out)
                .contains("- **Greeting** `220 smtp.gmail.com ESMTP a1-20020a05600c - gsmtp`\n")
                .contains(
                        "- **Certificate** `CN=smtp.gmail.com`\n  - **issuer** `CN=WR2,O=Google Trust Services,C=US`\n")
                .contains("  - **valid** 2026-10-30 → 2027-01-19 (51 days left)\n")
                .contains("TLS\\_AES\\_256\\_GCM\\_SHA384")
                .contains("- ✔ `STARTTLS_OK` STARTTLS is offered and works; login is not offered before TLS.\n");
    }

    @Test
    void multiLineServerTextIsFenced() {
        String out = markdown.render(card(ProbeResults.gmailAppPassword()));

        assertThat(out)
                .contains(
                        "- **Auth probe**\n  ```\n  AUTH LOGIN → 334 Username: → ‹redacted› → 334 Password: → ‹redacted›\n"
                                + "  ← 534-5.7.9 Application-specific password required. Learn more at\n");
    }

    @Test
    void expiredCertificateCardLeadsWithTheError() {
        String out = markdown.render(card(ProbeResults.healthySubmission()
                .leaf(Certificates.leaf("smtp.gmail.com").expiredDaysAgo(3))));

        assertThat(out).startsWith("❌ **smtp.gmail.com:587 — SMTP with STARTTLS — FAILED**");
        assertThat(out)
                .contains("**Hints**\n- ✖ `CERT_EXPIRED` The certificate for smtp.gmail.com expired on 2026-11-26");
        assertThat(out).contains("(expired 3 days ago)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "plain | `plain`",
                "a`b | ``a`b``",
                "x``y | ```x``y```",
                "`edge` | `` `edge` ``",
            })
    void codeSpansUseAFenceLongerThanAnyBacktickRun(String text, String expected) {
        assertThat(MarkdownRenderer.codeSpan(text)).isEqualTo(expected);
    }

    @Test
    void fencedBlocksOutgrowBacktickRunsInside() {
        assertThat(MarkdownRenderer.fenced("a\n````\nb")).containsExactly("`````", "a", "````", "b", "`````");
    }

    @Test
    void cachedCardsNameTheFreshWord() {
        String out = markdown.render(card(ProbeResults.healthySubmission()).withCachedAge(Duration.ofMinutes(5)));

        assertThat(out).contains("\ncached 5 min ago · `fresh` to re-run\n");
    }

    @Test
    void transcriptIsAddedOnlyWhenAsked() {
        Card c = card(ProbeResults.healthySubmission().transcript("C: EHLO mailtls.invalid", "S: 250 ok"));

        assertThat(markdown.render(c)).doesNotContain("EHLO mailtls.invalid");
        assertThat(new MarkdownRenderer(true).render(c)).contains("\n**Transcript**\n```\nC: EHLO mailtls.invalid\n");
    }

    @Test
    void reproduceLineEndsTheCardEvenAfterTheTranscript() {
        Card c = card(ProbeResults.healthySubmission().transcript("C: EHLO mailtls.invalid", "S: 250 ok"));

        assertThat(new MarkdownRenderer(true).render(c))
                .endsWith("total 96 ms\n"
                        + "\n"
                        + "**Transcript**\n"
                        + "```\n"
                        + "C: EHLO mailtls.invalid\n"
                        + "S: 250 ok\n"
                        + "```\n"
                        + "\n"
                        + "Reproduce: `openssl s_client -connect smtp.gmail.com:587 -servername smtp.gmail.com"
                        + " -starttls smtp`\n");
    }

    @Test
    void reproduceLineEndsACachedCard() {
        String out = markdown.render(card(ProbeResults.healthySubmission()).withCachedAge(Duration.ofSeconds(42)));

        assertThat(out.lines().toList().getLast()).startsWith("Reproduce: `openssl s_client ");
    }

    /** A bare URL or www. name, as platforms autolink them: scheme://… or www.… not broken by anything. */
    private static final Pattern LIVE_LINK = Pattern.compile("(?i)\\b(https?|ftp|mailto)://|\\bwww\\.");

    @Test
    void urlsAndWwwNamesInHintTextAreNotLinked() {
        Hint hint = new Hint(
                HintCode.PROTOCOL_ERROR,
                Severity.ERROR,
                "The server pointed at http://evil.example/login and www.evil.example.",
                "It answered \"see HTTPS://Evil.Example/x or WWW.evil.example or ftp://files.evil.example\".",
                "Ignore https://evil.example/fix and www.evil.example/help.");
        Card c = new Card(
                "mx.example.com:25 — SMTP with STARTTLS — FAILED",
                Status.FAILURE,
                "",
                Card.Overview.NONE,
                List.of(),
                List.of(hint),
                "total 1 ms",
                List.of(),
                "openssl s_client -connect mx.example.com:25 -starttls smtp",
                null);

        String out = markdown.render(c);

        String hints = out.substring(out.indexOf("**Hints**"), out.indexOf("total 1 ms"));
        assertThat(LIVE_LINK.matcher(hints).find()).as(hints).isFalse();
        // People read the same words: only zero-width spaces were added.
        assertThat(hints.replace("\u200B", ""))
                .contains("pointed at http://evil.example/login and www.evil.example.")
                .contains("see HTTPS://Evil.Example/x or WWW.evil.example or ftp://files.evil.example")
                .contains("Ignore https://evil.example/fix and www.evil.example/help.");
        assertThat(hints).contains("http\u200B://evil.example", "www\u200B.evil.example", "WWW\u200B.evil.example");
    }

    @Test
    void wwwHostNamesInOurProseAreNotLinked() {
        String out = markdown.render(card(ProbeResults.builder("www.evil.example", 587, null, Transport.STARTTLS)));

        String prose = out.lines().filter(l -> !l.contains("`")).reduce("", (a, b) -> a + b + "\n");
        assertThat(prose).contains("www\u200B.evil.example:587");
        assertThat(LIVE_LINK.matcher(prose).find()).as(out).isFalse();
    }
}
