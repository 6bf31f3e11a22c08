package dev.mailtls.slack;

import dev.mailtls.testing.CodePointClasses;
import org.junit.jupiter.api.Test;

/** Slack's escapers hide what every front end hides (bot-core's ServerText), and show it the same way. */
class SlackTextDriftTest {
    @Test
    void everyEscaperAgreesWithServerTextOnEveryCodePointClass() {
        CodePointClasses.assertAgreesWithServerText("SlackText.escape", SlackText::escape);
        CodePointClasses.assertAgreesWithServerText("SlackText.code", SlackText::code);
        CodePointClasses.assertAgreesWithServerText("SlackText.codeBlock", s -> SlackText.codeBlock(s, 3000));
        CodePointClasses.assertAgreesWithServerText("SlackText.prose", SlackText::prose);
        CodePointClasses.assertAgreesWithServerText("SlackText.plain", SlackText::plain);
    }

    @Test
    void lineEndingsAreTheSameAsEverywhere() {
        CodePointClasses.assertLineEndings("SlackText.escape", SlackText::escape);
        CodePointClasses.assertLineEndings("SlackText.codeBlock", s -> SlackText.codeBlock(s, 3000));
    }
}
