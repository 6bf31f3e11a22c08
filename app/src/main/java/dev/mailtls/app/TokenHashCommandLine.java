package dev.mailtls.app;

import dev.mailtls.http.ApiTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mailtls token-hash}: reads an API token from standard input and prints the {@code
 * sha256:<hex>} form to put in configuration instead of the token itself.
 */
@Command(
        name = "token-hash",
        description = {
            "Read an API token from the first line of standard input and print its sha256:<hex> form,",
            "which MAILTLS_API_TOKENS accepts instead of the token: printf %s \"$TOKEN\" | mailtls token-hash"
        },
        mixinStandardHelpOptions = true)
final class TokenHashCommandLine implements Callable<Integer> {
    private final Console console;

    TokenHashCommandLine(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        String token;
        try {
            String line = new BufferedReader(new InputStreamReader(console.stdin(), StandardCharsets.UTF_8)).readLine();
            token = line == null ? "" : line.strip();
        } catch (IOException e) {
            return usage("could not read the token from standard input: " + e.getMessage());
        }
        if (token.isEmpty()) {
            return usage(
                    "token-hash reads a token from standard input, e.g. printf %s \"$TOKEN\" | mailtls token-hash");
        }
        if (token.regionMatches(true, 0, "sha256:", 0, 7)) {
            return usage("that is already a sha256: hash; give the token itself");
        }
        try {
            ApiTokens.of(List.of(token));
        } catch (IllegalArgumentException e) {
            // The message names the position, never the token.
            return usage(e.getMessage().replaceFirst("^API token #\\d+ ", "the token "));
        }
        console.out().println(ApiTokens.hashForConfig(token));
        return ExitCodes.OK;
    }

    private int usage(String reason) {
        console.err().println("mailtls: " + reason);
        return ExitCodes.USAGE;
    }
}
