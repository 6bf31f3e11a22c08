package dev.mailtls.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** The POP3 side of a {@link ScriptedMailServer}: CAPA, STLS, USER/PASS, AUTH PLAIN, NOOP, QUIT. */
final class ScriptedPop3Session extends ScriptedSession {

    ScriptedPop3Session(MailScript script, Socket socket, List<Received> received) throws IOException {
        super(script, socket, received);
    }

    @Override
    boolean handle(String line) throws IOException {
        String[] words = line.split(" ", 2);
        String argument = words.length > 1 ? words[1] : "";
        switch (upper(words[0])) {
            case "CAPA" -> {
                List<String> lines = new ArrayList<>();
                lines.add("+OK Capability list follows");
                lines.addAll(capabilities());
                lines.add(".");
                reply(lines);
            }
            case "STLS" -> {
                if (channel.tls()) {
                    reply("-ERR Command not permitted when TLS active");
                } else {
                    startTls(List.of("+OK Begin TLS negotiation"), List.of("-ERR TLS not available"));
                }
            }
            case "USER" -> reply("+OK");
            case "PASS" -> authResult(List.of("+OK Logged in"));
            case "AUTH" -> auth(argument);
            case "NOOP" -> reply("+OK");
            case "QUIT" -> {
                reply("+OK Bye");
                return false;
            }
            default -> reply("-ERR Unknown command");
        }
        return true;
    }

    private void auth(String argument) throws IOException {
        String[] words = argument.split(" ", 2);
        if (argument.isEmpty()) {
            reply("+OK", "PLAIN", ".");
            return;
        }
        if (!upper(words[0]).equals("PLAIN")) {
            reply("-ERR Unsupported authentication mechanism");
            return;
        }
        if (words.length == 1) { // RFC 5034: no initial response, so ask for it
            sendRaw("+ ");
            String answer = next();
            if (answer == null) {
                return;
            }
            if (answer.equals("*")) {
                reply("-ERR Authentication aborted");
                return;
            }
        }
        authResult(List.of("+OK Logged in"));
    }

    @Override
    boolean positive(String lastLine) {
        return upper(lastLine).startsWith("+OK");
    }

    @Override
    String startTlsCapability() {
        return "STLS";
    }
}
