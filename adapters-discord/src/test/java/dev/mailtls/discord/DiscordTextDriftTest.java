package dev.mailtls.discord;

import dev.mailtls.testing.CodePointClasses;
import org.junit.jupiter.api.Test;

/** Discord's escapers hide what every front end hides (bot-core's ServerText), and show it the same way. */
class DiscordTextDriftTest {
    @Test
    void everyEscaperAgreesWithServerTextOnEveryCodePointClass() {
        CodePointClasses.assertAgreesWithServerText("DiscordText.prose", DiscordText::prose);
        CodePointClasses.assertAgreesWithServerText("DiscordText.code", DiscordText::code);
        CodePointClasses.assertAgreesWithServerText("DiscordText.plain", DiscordText::plain);
        CodePointClasses.assertAgreesWithServerText("DiscordText.quoted", DiscordText::quoted);
    }

    @Test
    void lineEndingsAreTheSameAsEverywhere() {
        CodePointClasses.assertLineEndings("DiscordText.code", DiscordText::code);
        CodePointClasses.assertLineEndings("DiscordText.plain", DiscordText::plain);
    }
}
