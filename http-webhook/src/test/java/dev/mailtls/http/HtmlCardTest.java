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
}
