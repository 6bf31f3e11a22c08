package dev.mailtls.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * One connection to a {@link ScriptedMailServer}: the greeting, then one command at a time until
 * the client quits or leaves. Subclasses speak one protocol; this class holds the line I/O, the
 * record of what was received, and the STARTTLS upgrade.
 */
abstract sealed class ScriptedSession permits ScriptedSmtpSession, ScriptedImapSession, ScriptedPop3Session {

    /** One line the server received, and whether it came over TLS. */
    record Received(String line, boolean tls) {}

    final MailScript script;
    final LineChannel channel;
    private final List<Received> received;

    ScriptedSession(MailScript script, Socket socket, List<Received> received) throws IOException {
        this.script = script;
        this.channel = new LineChannel(socket);
        this.received = received;
    }

    static ScriptedSession open(MailScript script, Socket socket, List<Received> received) throws IOException {
        return switch (script.protocol()) {
            case SMTP -> new ScriptedSmtpSession(script, socket, received);
            case IMAP -> new ScriptedImapSession(script, socket, received);
            case POP3 -> new ScriptedPop3Session(script, socket, received);
        };
    }

    final void run() throws IOException {
        if (script.implicitTls()) {
            channel.upgradeToTls(requireContext());
        }
        pause();
        channel.writeLines(cased(script.greeting()));
        String line;
        while ((line = next()) != null) {
            if (!handle(line)) {
                return;
            }
        }
    }

    /** Answers one command line; returns false when the session is over. */
    abstract boolean handle(String line) throws IOException;

    /** Whether a STARTTLS or AUTH reply's last line says yes. */
    abstract boolean positive(String lastLine);

    /** The STARTTLS or STLS keyword this protocol advertises. */
    abstract String startTlsCapability();

    /** Frames a complete reply; IMAP puts the current tag on the last line. */
    List<String> frame(List<String> lines) {
        return lines;
    }

    /** The next line from the client, recorded, or null at end of stream. */
    final @Nullable String next() throws IOException {
        String line = channel.readLine();
        if (line != null) {
            received.add(new Received(line, channel.tls()));
            script.onReceive().accept(line);
            pause();
        }
        return line;
    }

    /** The script's delay before the server says anything. */
    private void pause() throws IOException {
        if (script.replyDelay().isZero()) {
            return;
        }
        try {
            Thread.sleep(script.replyDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during the reply delay");
        }
    }

    final void reply(String... lines) throws IOException {
        reply(List.of(lines));
    }

    final void reply(List<String> lines) throws IOException {
        channel.writeLines(frame(cased(lines)));
    }

    /** Sends a line exactly as given: SASL challenges are base64 and must keep their case. */
    final void sendRaw(String line) throws IOException {
        channel.writeLines(List.of(line));
    }

    /** The capabilities to list now: RFC 3207 §4.2, a server may show different ones after TLS. */
    final List<String> capabilities() {
        if (channel.tls()) {
            return script.capabilitiesAfterTls();
        }
        List<String> capabilities = new ArrayList<>(script.capabilitiesBeforeTls());
        if (script.advertiseStartTls()) {
            capabilities.add(startTlsCapability());
        }
        return capabilities;
    }

    /**
     * Answers STARTTLS: the scripted reply or {@code goAhead}, any injected bytes in the same
     * write, then the server side of the handshake. Without a context, or when the scripted reply
     * refuses, it answers and stays in plaintext.
     */
    final void startTls(List<String> goAhead, List<String> unavailable) throws IOException {
        List<String> answer = script.startTlsReply().isEmpty() ? goAhead : script.startTlsReply();
        if (script.startTlsReply().isEmpty() && script.sslContext() == null) {
            reply(unavailable);
            return;
        }
        if (!positive(answer.getLast())) {
            reply(answer);
            return;
        }
        channel.discardPending();
        channel.writeLines(frame(cased(answer)), script.injectAfterGoAhead());
        if (script.sslContext() != null) {
            channel.upgradeToTls(script.sslContext());
        }
    }

    /** Ends an authentication exchange with the scripted reply, or {@code success}. */
    final void authResult(List<String> success) throws IOException {
        reply(script.authReply().isEmpty() ? success : script.authReply());
    }

    final List<String> cased(List<String> lines) {
        if (!script.lowerCaseReplies()) {
            return lines;
        }
        return lines.stream().map(line -> line.toLowerCase(Locale.ROOT)).toList();
    }

    static String upper(String word) {
        return word.toUpperCase(Locale.ROOT);
    }

    private SSLContext requireContext() {
        SSLContext context = script.sslContext();
        if (context == null) {
            throw new IllegalStateException("no sslContext for " + script.protocol());
        }
        return context;
    }
}
