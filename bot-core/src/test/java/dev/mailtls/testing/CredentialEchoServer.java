package dev.mailtls.testing;

import dev.mailtls.endpoint.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A loopback mail server that takes a login and gives the credentials back in one {@link
 * CredentialEcho} style, over STARTTLS or implicit TLS: the credential-echo campaign of issue 10.
 * It speaks just enough SMTP (AUTH PLAIN / AUTH LOGIN), IMAP (AUTHENTICATE PLAIN / LOGIN) or POP3
 * (USER/PASS) for a probe to log in, and records what it heard and whether it came over TLS.
 */
public final class CredentialEchoServer implements AutoCloseable {

    /** No connection outlives this. */
    public static final Duration CONNECTION_LIFETIME = Duration.ofSeconds(30);

    /** The login a probe is offered; each is the only mechanism the server advertises. */
    public enum Mechanism {
        SMTP_AUTH_PLAIN(Protocol.SMTP),
        SMTP_AUTH_LOGIN(Protocol.SMTP),
        IMAP_AUTHENTICATE_PLAIN(Protocol.IMAP),
        IMAP_LOGIN(Protocol.IMAP),
        POP3_USER_PASS(Protocol.POP3);

        private final Protocol protocol;

        Mechanism(Protocol protocol) {
            this.protocol = protocol;
        }

        public Protocol protocol() {
            return protocol;
        }
    }

    private final Mechanism mechanism;
    private final CredentialEcho echo;
    private final SSLContext tls;
    private final boolean implicitTls;
    private final AtomicReference<CredentialEcho.@Nullable Heard> heard = new AtomicReference<>();
    private final List<String> plaintext = java.util.Collections.synchronizedList(new ArrayList<>());
    private final LoopbackAcceptor acceptor;

    private CredentialEchoServer(Mechanism mechanism, CredentialEcho echo, SSLContext tls, boolean implicitTls) {
        this.mechanism = mechanism;
        this.echo = echo;
        this.tls = tls;
        this.implicitTls = implicitTls;
        this.acceptor = new LoopbackAcceptor(
                "echo-" + mechanism.name().toLowerCase(Locale.ROOT), CONNECTION_LIFETIME, socket -> {
                    Connection c = new Connection(new LineChannel(socket));
                    c.run();
                });
    }

    /** Starts a server on 127.0.0.1; {@code implicitTls} speaks TLS from the first byte, else STARTTLS. */
    public static CredentialEchoServer start(
            Mechanism mechanism, CredentialEcho echo, SSLContext tls, boolean implicitTls) {
        return new CredentialEchoServer(
                Objects.requireNonNull(mechanism, "mechanism"),
                Objects.requireNonNull(echo, "echo"),
                Objects.requireNonNull(tls, "tls"),
                implicitTls);
    }

    public int port() {
        return acceptor.port();
    }

    public int connections() {
        return acceptor.connections();
    }

    /** The credentials the server was sent, decoded, or null if no login reached it. */
    public CredentialEcho.@Nullable Heard heard() {
        return heard.get();
    }

    /** Every line that arrived before TLS. */
    public List<String> receivedInPlaintext() {
        synchronized (plaintext) {
            return List.copyOf(plaintext);
        }
    }

    @Override
    public void close() {
        acceptor.close();
    }

    /** One connection: greeting, capabilities, the upgrade, the login, the echo, the goodbye. */
    private final class Connection {
        private final LineChannel channel;
        private final Protocol protocol = mechanism.protocol();
        private final List<String> raw = new ArrayList<>();
        private List<String> goodbye = List.of("bye");

        Connection(LineChannel channel) {
            this.channel = channel;
        }

        void run() throws IOException {
            if (implicitTls) {
                channel.upgradeToTls(tls);
            }
            send(
                    switch (protocol) {
                        case SMTP -> "220 mail.test ESMTP echo";
                        case IMAP -> "* OK echo ready";
                        case POP3 -> "+OK echo ready";
                    });
            String line;
            while ((line = read()) != null) {
                if (!handle(line)) {
                    return;
                }
            }
        }

        private boolean handle(String line) throws IOException {
            String[] w = line.split(" ", 3);
            return switch (protocol) {
                case SMTP -> smtp(w[0].toUpperCase(Locale.ROOT), w.length > 1 ? line.substring(w[0].length() + 1) : "");
                case IMAP -> imap(w[0], w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "", line);
                case POP3 -> pop3(w[0].toUpperCase(Locale.ROOT), w.length > 1 ? line.substring(w[0].length() + 1) : "");
            };
        }

        private boolean smtp(String verb, String arg) throws IOException {
            switch (verb) {
                case "EHLO" -> {
                    List<String> lines = new ArrayList<>(List.of("250-mail.test"));
                    if (!channel.tls()) {
                        lines.add("250-STARTTLS");
                    }
                    lines.add(mechanism == Mechanism.SMTP_AUTH_PLAIN ? "250 AUTH PLAIN" : "250 AUTH LOGIN");
                    send(lines);
                }
                case "STARTTLS" -> {
                    send("220 2.0.0 go ahead");
                    channel.upgradeToTls(tls);
                }
                case "AUTH" -> {
                    String[] a = arg.split(" ", 2);
                    if (a[0].equalsIgnoreCase("PLAIN") && a.length > 1) {
                        heardPlain(a[1]);
                    } else if (a[0].equalsIgnoreCase("LOGIN")) {
                        send("334 VXNlcm5hbWU6");
                        String user = read();
                        send("334 UGFzc3dvcmQ6");
                        String pass = read();
                        if (user == null || pass == null) {
                            return false;
                        }
                        raw.add(user);
                        raw.add(pass);
                        heard(decode(user), decode(pass));
                    } else {
                        send("504 5.5.4 unknown mechanism");
                        return true;
                    }
                    return respond(null);
                }
                case "QUIT" -> {
                    send(frame("221", "2.0.0", goodbye));
                    return false;
                }
                default -> send("502 5.5.2 unknown command");
            }
            return true;
        }

        private boolean imap(String tag, String verb, String line) throws IOException {
            switch (verb) {
                case "CAPABILITY" -> {
                    String caps = "* CAPABILITY IMAP4rev1" + (channel.tls() ? "" : " STARTTLS")
                            + (mechanism == Mechanism.IMAP_AUTHENTICATE_PLAIN ? " AUTH=PLAIN" : "");
                    send(caps, tag + " OK done");
                }
                case "STARTTLS" -> {
                    send(tag + " OK begin TLS");
                    channel.upgradeToTls(tls);
                }
                case "AUTHENTICATE" -> {
                    send("+ ");
                    String response = read();
                    if (response == null) {
                        return false;
                    }
                    heardPlain(response);
                    return respond(tag);
                }
                case "LOGIN" -> {
                    String args = line.substring(Math.min(line.length(), tag.length() + " LOGIN ".length()));
                    raw.add(args);
                    List<String> quoted = unquote(args);
                    heard(quoted.get(0), quoted.get(1));
                    return respond(tag);
                }
                case "LOGOUT" -> {
                    List<String> lines = new ArrayList<>();
                    goodbye.forEach(g -> lines.add("* OK " + g));
                    lines.add("* BYE logging out");
                    lines.add(tag + " OK LOGOUT completed");
                    send(lines);
                    return false;
                }
                default -> send(tag + " BAD unknown command");
            }
            return true;
        }

        private boolean pop3(String verb, String arg) throws IOException {
            switch (verb) {
                case "CAPA" -> send(channel.tls() ? List.of("+OK", "USER", ".") : List.of("+OK", "USER", "STLS", "."));
                case "STLS" -> {
                    send("+OK begin TLS");
                    channel.upgradeToTls(tls);
                }
                case "USER" -> {
                    raw.add("USER " + arg);
                    send("+OK send PASS");
                }
                case "PASS" -> {
                    raw.add("PASS " + arg);
                    String user = raw.stream()
                            .filter(r -> r.startsWith("USER "))
                            .map(r -> r.substring(5))
                            .findFirst()
                            .orElse("");
                    heard(user, arg);
                    return respond(null);
                }
                case "QUIT" -> {
                    send("+OK " + String.join(" ", goodbye));
                    return false;
                }
                default -> send("-ERR unknown command");
            }
            return true;
        }

        /** Answers the login with the echo; false when the connection is to end now. */
        private boolean respond(@Nullable String tag) throws IOException {
            CredentialEcho.Heard h = Objects.requireNonNull(heard.get(), "heard");
            List<String> texts = echo.texts(h);
            switch (echo) {
                case BEFORE_DISCONNECT -> {
                    send(
                            switch (protocol) {
                                case SMTP ->
                                    texts.stream().map(t -> "421-4.7.0 " + t).toList();
                                case IMAP -> {
                                    List<String> lines = new ArrayList<>();
                                    texts.subList(0, texts.size() - 1).forEach(t -> lines.add("* NO " + t));
                                    lines.add("* BYE " + texts.getLast());
                                    yield lines;
                                }
                                case POP3 -> List.of("-ERR " + String.join(" ", texts));
                            });
                    return false;
                }
                case IN_CHALLENGE -> {
                    String challenge = CredentialEcho.b64(texts.getFirst());
                    send(protocol == Protocol.SMTP ? "334 " + challenge : "+ " + challenge);
                    String next = read();
                    if (next == null) {
                        return false;
                    }
                    if (isGoodbye(next)) {
                        return handle(next);
                    }
                    refuse(tag, List.of("echo: no"));
                    return true;
                }
                case IN_GOODBYE -> {
                    goodbye = texts;
                    refuse(tag, List.of("echo: authentication failed"));
                    return true;
                }
                default -> {
                    refuse(tag, texts);
                    return true;
                }
            }
        }

        private void refuse(@Nullable String tag, List<String> texts) throws IOException {
            switch (protocol) {
                case SMTP -> send(frame("535", "5.7.8", texts));
                case IMAP -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < texts.size() - 1; i++) {
                        lines.add("* NO [ALERT] " + texts.get(i));
                    }
                    lines.add(tag + " NO [AUTHENTICATIONFAILED] " + texts.getLast());
                    send(lines);
                }
                case POP3 -> {
                    // POP3 answers in one line: the rest comes with the goodbye.
                    send("-ERR " + texts.getFirst());
                    if (texts.size() > 1) {
                        goodbye = texts.subList(1, texts.size());
                    }
                }
            }
        }

        private boolean isGoodbye(String line) {
            String u = line.toUpperCase(Locale.ROOT);
            return u.equals("QUIT") || u.endsWith(" LOGOUT");
        }

        private void heardPlain(String response) {
            raw.add(response);
            String[] parts = decode(response).split("\0", -1);
            heard(parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
        }

        private void heard(String user, String password) {
            heard.set(new CredentialEcho.Heard(raw, user, password));
        }

        private @Nullable String read() throws IOException {
            String line = channel.readLine();
            if (line != null && !channel.tls()) {
                plaintext.add(line);
            }
            return line;
        }

        private void send(String... lines) throws IOException {
            send(List.of(lines));
        }

        private void send(List<String> lines) throws IOException {
            channel.writeLines(lines);
        }
    }

    /** An SMTP reply of several lines: {@code 535-5.7.8 ...} up to {@code 535 5.7.8 ...}. */
    private static List<String> frame(String code, String status, List<String> texts) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            lines.add(code + (i == texts.size() - 1 ? " " : "-") + status + " " + texts.get(i));
        }
        return lines;
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** The two quoted strings of an IMAP LOGIN (RFC 9051 §4.3: backslash escapes quote and backslash). */
    private static List<String> unquote(String args) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (cur == null) {
                if (c == '"') {
                    cur = new StringBuilder();
                }
            } else if (c == '\\' && i + 1 < args.length()) {
                cur.append(args.charAt(++i));
            } else if (c == '"') {
                out.add(cur.toString());
                cur = null;
            } else {
                cur.append(c);
            }
        }
        while (out.size() < 2) {
            out.add("");
        }
        return out;
    }
}
