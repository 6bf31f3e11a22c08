package dev.mailtls.internal.protocol;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Protocol;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SMTP (RFC 5321), its STARTTLS (RFC 3207) and AUTH (RFC 4954). */
final class SmtpDialect implements Dialect {
    private final String ehloName;

    public SmtpDialect(String ehloName) {
        this.ehloName = ehloName;
    }

    @Override
    public Protocol protocol() {
        return Protocol.SMTP;
    }

    @Override
    public Reply readGreeting(Session s, String firstLine) throws IOException {
        return readReply(s, firstLine);
    }

    /** Reads a reply: lines {@code 250-...} continue it, {@code 250 ...} or a bare {@code 250} ends it. */
    static Reply readReply(Session s) throws IOException {
        return readReply(s, s.readLine());
    }

    static Reply readReply(Session s, String firstLine) throws IOException {
        List<String> lines = new ArrayList<>();
        String line = firstLine;
        int code = codeOf(line);
        while (true) {
            lines.add(line);
            if (isLast(line)) {
                return new Reply(kindOf(code), code, lines, true);
            }
            if (lines.size() >= Session.MAX_REPLY_LINES) {
                throw new TooManyLinesException(
                        "a reply of more than " + Session.MAX_REPLY_LINES + " lines without a last line", lines);
            }
            try {
                line = s.readLine();
            } catch (EOFException e) {
                // The server hung up mid-reply: keep what it said.
                return new Reply(kindOf(code), code, lines, false);
            }
            if (!isReplyLine(line)) {
                throw new UnexpectedReplyException("an SMTP reply broke off into something else", line, lines);
            }
        }
    }

    private static int codeOf(String line) throws UnexpectedReplyException {
        if (!isReplyLine(line)) {
            throw new UnexpectedReplyException("not an SMTP reply", line);
        }
        return Integer.parseInt(line.stripLeading().substring(0, 3));
    }

    /**
     * Three ASCII digits, then the end, a space or a hyphen (RFC 5321 §4.2). Not {@link
     * Character#isDigit}: a server's full-width "２２０" is no reply code, though parseInt reads it.
     */
    static boolean isReplyLine(String line) {
        String l = line.stripLeading();
        return l.length() >= 3
                && isAsciiDigit(l.charAt(0))
                && isAsciiDigit(l.charAt(1))
                && isAsciiDigit(l.charAt(2))
                && (l.length() == 3 || l.charAt(3) == ' ' || l.charAt(3) == '-');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLast(String line) {
        String l = line.stripLeading();
        return l.length() == 3 || l.charAt(3) != '-';
    }

    private static Reply.Kind kindOf(int code) {
        if (code == 334 || (code >= 300 && code < 400)) {
            return Reply.Kind.CONTINUE;
        }
        return code < 400 ? Reply.Kind.POSITIVE : Reply.Kind.NEGATIVE;
    }

    /** EHLO; HELO when EHLO is refused. Capabilities are the EHLO lines after the first. */
    @Override
    public List<String> capabilities(Session s) throws IOException {
        s.send("EHLO " + ehloName);
        Reply ehlo = readReply(s);
        if (ehlo.positive()) {
            return parseEhlo(ehlo);
        }
        s.send("HELO " + ehloName);
        readReply(s);
        return List.of();
    }

    static List<String> parseEhlo(Reply ehlo) {
        List<String> caps = new ArrayList<>();
        for (int i = 1; i < ehlo.lines().size(); i++) {
            String l = ehlo.lines().get(i).stripLeading();
            String cap = l.length() > 4 ? l.substring(4).trim() : "";
            if (!cap.isEmpty()) {
                caps.add(cap);
            }
        }
        return caps;
    }

    @Override
    public Reply startTls(Session s) throws IOException {
        s.send("STARTTLS");
        return readReply(s);
    }

    /**
     * RFC 3207 §4: the go-ahead is 220; any other reply, even a positive one such as 221 (closing
     * the channel), means the client must not start TLS.
     */
    @Override
    public boolean startTlsGoAhead(Reply answer) {
        return answer.code() == 220;
    }

    /** Mechanisms from {@code AUTH PLAIN LOGIN} or the old {@code AUTH=PLAIN LOGIN} form. */
    static List<String> mechanisms(List<String> capabilities) {
        List<String> mechs = new ArrayList<>();
        for (String c : capabilities) {
            String[] parts = c.trim().split("[ =]+");
            if (parts.length > 0 && parts[0].equalsIgnoreCase("AUTH")) {
                for (int i = 1; i < parts.length; i++) {
                    String m = parts[i].toUpperCase(Locale.ROOT);
                    if (!mechs.contains(m)) {
                        mechs.add(m);
                    }
                }
            }
        }
        return mechs;
    }

    @Override
    public AuthOutcome authProbe(Session s, List<String> capabilities, Credentials creds, boolean real)
            throws IOException {
        List<String> mechs = mechanisms(capabilities);
        if (mechs.contains("LOGIN") || !mechs.contains("PLAIN")) {
            // LOGIN shows the server's prompts; with no AUTH advertised it still tells what the server
            // says to a login attempt (530 5.7.0 "Must issue a STARTTLS command first", 503...).
            AuthSteps steps = new AuthSteps("LOGIN", real);
            s.send("AUTH LOGIN");
            Reply r = readReply(s);
            steps.add("AUTH LOGIN", r);
            if (r.kind() != Reply.Kind.CONTINUE) {
                AuthOutcome.Verdict v = mechs.isEmpty() || r.code() == 502 || r.code() == 504
                        ? AuthOutcome.Verdict.NOT_OFFERED
                        : verdictOf(r);
                return steps.finish(v, r);
            }
            s.sendSecret(AuthSteps.b64(creds.username()), AuthSteps.REDACTED);
            r = readReply(s);
            steps.add(AuthSteps.REDACTED, r);
            if (r.kind() != Reply.Kind.CONTINUE) {
                return steps.finish(verdictOf(r), r);
            }
            s.sendSecret(AuthSteps.b64(creds.password()), AuthSteps.REDACTED);
            r = readReply(s);
            steps.add(AuthSteps.REDACTED, r);
            return steps.finish(verdictOf(r), r);
        }
        AuthSteps steps = new AuthSteps("PLAIN", real);
        s.sendSecret("AUTH PLAIN " + AuthSteps.saslPlain(creds.username(), creds.password()), "AUTH PLAIN <redacted>");
        Reply r = readReply(s);
        if (r.kind() == Reply.Kind.CONTINUE) {
            // A server may answer "334 " and wait for the initial response on its own line (RFC 4954 §4).
            s.sendSecret(AuthSteps.saslPlain(creds.username(), creds.password()), AuthSteps.REDACTED);
            r = readReply(s);
        }
        steps.add("AUTH PLAIN " + AuthSteps.REDACTED, r);
        return steps.finish(verdictOf(r), r);
    }

    private static AuthOutcome.Verdict verdictOf(Reply r) {
        if (r.code() == 235) {
            return AuthOutcome.Verdict.ACCEPTED;
        }
        return r.kind() == Reply.Kind.NEGATIVE ? AuthOutcome.Verdict.REJECTED : AuthOutcome.Verdict.ERROR;
    }

    @Override
    public void quit(Session s) {
        try {
            s.send("QUIT");
            readReply(s);
        } catch (IOException | RuntimeException e) {
            // Polite close is best effort: the connection may already be gone.
        }
    }
}
