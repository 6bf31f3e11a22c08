package dev.mailtls.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** The SMTP side of a {@link ScriptedMailServer}: EHLO/HELO, STARTTLS, AUTH LOGIN/PLAIN, QUIT. */
final class ScriptedSmtpSession extends ScriptedSession {

    private static final String HOST = "mx.test";

    ScriptedSmtpSession(MailScript script, Socket socket, List<Received> received) throws IOException {
        super(script, socket, received);
    }

    @Override
    boolean handle(String line) throws IOException {
        String[] words = line.split(" ", 2);
        String argument = words.length > 1 ? words[1] : "";
        switch (upper(words[0])) {
            case "EHLO" -> reply(ehlo(argument));
            case "HELO" -> reply("250 " + HOST);
            case "STARTTLS" -> {
                if (channel.tls()) {
                    reply("503 5.5.1 Error: TLS already active");
                } else {
                    startTls(List.of("220 2.0.0 Ready to start TLS"), List.of("454 4.7.0 TLS not available"));
                }
            }
            case "AUTH" -> auth(argument);
            case "NOOP", "RSET" -> reply("250 2.0.0 Ok");
            case "MAIL", "RCPT" -> reply("250 2.1.0 Ok");
            case "QUIT" -> {
                reply("221 2.0.0 Bye");
                return false;
            }
            default -> reply("502 5.5.2 Error: command not recognized");
        }
        return true;
    }

    private List<String> ehlo(String client) {
        List<String> items = new ArrayList<>();
        items.add(HOST + " Hello " + client);
        items.addAll(capabilities());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            lines.add((i == items.size() - 1 ? "250 " : "250-") + items.get(i));
        }
        return lines;
    }

    private void auth(String argument) throws IOException {
        String[] words = argument.split(" ", 2);
        boolean initialResponse = words.length > 1;
        switch (upper(words[0])) {
            case "LOGIN" -> {
                // RFC 4954 with the de-facto LOGIN prompts: "Username:" and "Password:" in base64.
                if (!initialResponse && !answered("334 VXNlcm5hbWU6")) {
                    return;
                }
                if (answered("334 UGFzc3dvcmQ6")) {
                    authResult(List.of("235 2.7.0 Authentication successful"));
                }
            }
            case "PLAIN" -> {
                if (initialResponse || answered("334 ")) {
                    authResult(List.of("235 2.7.0 Authentication successful"));
                }
            }
            default -> reply("504 5.5.4 Unrecognized authentication type");
        }
    }

    /** Sends a SASL challenge and reads the answer; false if the client left or cancelled. */
    private boolean answered(String challenge) throws IOException {
        sendRaw(challenge);
        String answer = next();
        if (answer == null) {
            return false;
        }
        if (answer.equals("*")) {
            reply("501 5.7.0 Authentication aborted");
            return false;
        }
        return true;
    }

    @Override
    boolean positive(String lastLine) {
        return lastLine.startsWith("2");
    }

    @Override
    String startTlsCapability() {
        return "STARTTLS";
    }
}
