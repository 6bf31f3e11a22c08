package dev.mailtls.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 5321 §4.2: a reply code is three ASCII digits, whatever other scripts' digits look like. */
class SmtpReplyLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"\uFF12\uFF12\uFF10 mx ESMTP", "\u0662\u0662\u0660 mx", "2\uFF125 ok", "\u096825\u0966-x"})
    void otherScriptsDigitsAreNoReplyCode(String line) {
        assertThat(SmtpDialect.isReplyLine(line)).as(line).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"220 mx ESMTP", "250-SIZE 1", "354", "  221 bye"})
    void asciiReplyCodesAre(String line) {
        assertThat(SmtpDialect.isReplyLine(line)).as(line).isTrue();
    }
}
