package dev.mailtls.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.testing.CommandFuzz;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The grammar under generated input: every text ends as a command or a one-line usage error that
 * quotes no raw control, format or separator character. bench/command-fuzz runs many more cases.
 */
class CommandParserFuzzTest {
    private static final long SEED = 10;
    private static final int CASES = 4_000;

    @Test
    void generatedCommandsEndAsACommandOrAOneLineUsageError() {
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String text = CommandFuzz.text(SEED, i);
            String where = "case " + i + " (" + CommandFuzz.escape(text) + "): ";
            CommandFuzz.violation(text).ifPresent(v -> violations.add(where + v));
        }
        assertThat(violations).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mx.example.com \u202e25",
                "mx.example.com\u0085 25",
                "mx.exa\u2028mple.com 25",
                "mx.example.com foo\u200b",
                "mx.example.com 25 \u001b[31mred",
                "mx.example.com 25 \u0661\u0662",
                "\ud800mx.example.com 25"
            })
    void usageMessagesQuoteNoRawControlOrFormatCharacter(String text) {
        assertThat(CommandFuzz.violation(text)).isEmpty();
    }
}
