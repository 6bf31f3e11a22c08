package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.testing.CodePointClasses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The web page hides what every front end hides (bot-core's ServerText), and shows it the same way. */
class HtmlDriftTest {
    @Test
    void everyEscaperAgreesWithServerTextOnEveryCodePointClass() {
        CodePointClasses.assertAgreesWithServerText("Html.serverText", Html::serverText);
        CodePointClasses.assertAgreesWithServerText("HtmlCard.linked", s -> HtmlCard.linked(s, List.of()));
    }

    @Test
    void lineEndingsAreTheSameAsEverywhere() {
        CodePointClasses.assertLineEndings("Html.serverText", Html::serverText);
    }

    @Test
    void htmlSyntaxIsStillEscapedAfterTheSharedRule() {
        assertThat(Html.serverText("<b>\u202E&\"'")).isEqualTo("&lt;b&gt;\\u202E&amp;&quot;&#39;");
    }
}
