package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.testing.ProbeResults;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class HtmlCardTest {
    /** The lifetime the card's certificate section carries; null without one. */
    private static Card.@Nullable Lifetime lifetime(Report report) {
        return Card.of(report).sections().stream()
                .map(Card.Section::lifetime)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    @Test
    void aNinetyDayCertificateHasTheHintThresholdsOnItsBar() {
        Report report = Report.of(ProbeResults.healthySubmission().build(), new Diagnoser());
        String bar = HtmlCard.validityBar(lifetime(report));
        assertThat(bar).containsPattern(" low=\"14\" high=\"30\" optimum=\"([0-9]+)\" value=\"[0-9]+\"");
        long max = Long.parseLong(bar.replaceAll("(?s).* max=\"([0-9]+)\".*", "$1"));
        long value = Long.parseLong(bar.replaceAll("(?s).* value=\"([0-9]+)\".*", "$1"));
        assertThat(value).isBetween(0L, max);
        assertThat(bar).contains(value + " of " + max + " days left");
    }

    @Test
    void noCertificateNoBar() {
        Report report = Report.of(
                ProbeResults.builder(
                                "mx.example.com",
                                25,
                                dev.mailtls.endpoint.Protocol.SMTP,
                                dev.mailtls.endpoint.Transport.PLAIN)
                        .noTls()
                        .build(),
                new Diagnoser());
        assertThat(HtmlCard.validityBar(lifetime(report))).isEmpty();
    }

    @Test
    void serverTextIsEscapedAndInvisibleCharactersShown() {
        assertThat(HtmlCard.linked("<b>x</b>\u202Eevil /?host=a&port=1", java.util.List.of("/?host=a&port=1")))
                .startsWith("&lt;b&gt;x&lt;/b&gt;")
                .doesNotContain("\u202E")
                .endsWith("<a href=\"/?host=a&amp;port=1\">/?host=a&amp;port=1</a>");
    }

    private static Card deepCard(dev.mailtls.tls.TlsEnumeration found) {
        var r = ProbeResults.withEnumeration(ProbeResults.healthySubmission().build(), found);
        return Card.of(Report.of(r, new Diagnoser()));
    }

    @Test
    void aDeepProbeShowsItsSuiteTableAfterTheCertificate() {
        String html = HtmlCard.of(deepCard(dev.mailtls.testing.Enumerations.postfixPort25()), java.util.List.of())
                .markup();
        assertThat(html)
                .contains("<h3>TLS suites <span class=\"value\">TLSv1.3, TLSv1.2 accepted · 24 connections in 850 ms"
                        + "</span></h3>")
                .contains("<dt>TLSv1.2</dt><dd>54 suites · client&#39;s order · x25519, secp256r1, x448 · DH 2048\n"
                        + "ECDHE_RSA  AES_256_GCM_SHA384 · CHACHA20_POLY1305_SHA256")
                .contains("<dt>refused</dt><dd>SSLv3, TLSv1, TLSv1.1</dd>");
        assertThat(html.indexOf("<h3>Certificate")).isLessThan(html.indexOf("<h3>TLS suites"));
    }

    @Test
    void suiteNamesAreEscaped() {
        String html = HtmlCard.of(
                        deepCard(dev.mailtls.testing.Enumerations.of(
                                dev.mailtls.testing.Enumerations.yes("TLSv1.2", true, "0x<script>\u202E"))),
                        java.util.List.of())
                .markup();
        assertThat(html).doesNotContain("<script>").doesNotContain("\u202E").contains("0x&lt;script&gt;");
    }

    @Test
    void noDeepProbeNoTable() {
        String html = HtmlCard.of(
                        Card.of(Report.of(ProbeResults.healthySubmission().build(), new Diagnoser())),
                        java.util.List.of())
                .markup();
        assertThat(html).doesNotContain("TLS suites");
    }
}
