package dev.mailtls.testing;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The least a mail server can do after its greeting: say goodbye to QUIT (SMTP, POP3) or LOGOUT
 * (IMAP) and refuse everything else. The dialect is read off the greeting itself.
 */
final class GreetingResponder {

    private GreetingResponder() {}

    static void serve(LineChannel channel, String greeting) throws IOException {
        channel.writeLines(List.of(greeting));
        boolean imap = greeting.startsWith("* ");
        boolean pop3 = greeting.startsWith("+OK");
        String line;
        while ((line = channel.readLine()) != null) {
            String[] words = line.trim().split(" ", 3);
            String verb = words[0].toUpperCase(Locale.ROOT);
            if (imap) {
                String tag = words[0];
                boolean logout = words.length > 1 && words[1].equalsIgnoreCase("LOGOUT");
                if (logout) {
                    channel.writeLines(List.of("* BYE Logging out", tag + " OK LOGOUT completed"));
                    return;
                }
                channel.writeLines(List.of(tag + " BAD Command not supported here"));
            } else if (verb.equals("QUIT")) {
                channel.writeLines(List.of(pop3 ? "+OK Bye" : "221 2.0.0 Bye"));
                return;
            } else {
                channel.writeLines(
                        List.of(pop3 ? "-ERR Command not supported here" : "502 5.5.2 Command not supported here"));
            }
        }
    }
}
