package dev.mailtls.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The IMAP side of a {@link ScriptedMailServer}: CAPABILITY, STARTTLS, LOGIN, AUTHENTICATE PLAIN,
 * NOOP, LOGOUT. Replies are written without a tag; {@link #frame} tags the last line.
 */
final class ScriptedImapSession extends ScriptedSession {

    private String tag = "*";

    ScriptedImapSession(MailScript script, Socket socket, List<Received> received) throws IOException {
        super(script, socket, received);
    }

    @Override
    boolean handle(String line) throws IOException {
        String[] words = line.split(" ", 3);
        if (words.length < 2) {
            sendRaw("* BAD Missing tag or command");
            return true;
        }
        tag = words[0];
        String arguments = words.length > 2 ? words[2] : "";
        switch (upper(words[1])) {
            case "CAPABILITY" -> reply("* CAPABILITY " + String.join(" ", capabilities()), "OK CAPABILITY completed");
            case "STARTTLS" -> {
                if (channel.tls()) {
                    reply("BAD TLS is already active");
                } else {
                    startTls(List.of("OK Begin TLS negotiation now"), List.of("NO [UNAVAILABLE] TLS not available"));
                }
            }
            case "LOGIN" -> authResult(List.of("OK Logged in"));
            case "AUTHENTICATE" -> authenticate(arguments);
            case "NOOP" -> reply("OK NOOP completed");
            case "LOGOUT" -> {
                reply("* BYE Logging out", "OK LOGOUT completed");
                return false;
            }
            default -> reply("BAD Unknown command");
        }
        return true;
    }

    private void authenticate(String arguments) throws IOException {
        String[] words = arguments.split(" ", 2);
        if (!upper(words[0]).equals("PLAIN")) {
            reply("NO Unsupported authentication mechanism");
            return;
        }
        if (words.length == 1) { // no SASL-IR initial response: ask for it (RFC 3501 §6.2.2)
            sendRaw("+ ");
            String answer = next();
            if (answer == null) {
                return;
            }
            if (answer.equals("*")) {
                reply("BAD Authentication aborted");
                return;
            }
        }
        authResult(List.of("OK Logged in"));
    }

    @Override
    List<String> frame(List<String> lines) {
        List<String> framed = new ArrayList<>(lines);
        framed.set(framed.size() - 1, tag + " " + framed.getLast());
        return framed;
    }

    @Override
    boolean positive(String lastLine) {
        return upper(lastLine).startsWith("OK");
    }

    @Override
    String startTlsCapability() {
        return "STARTTLS";
    }
}
