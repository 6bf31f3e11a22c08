package dev.mailtls.internal.protocol;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Protocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** IMAP4 (RFC 9051 / 3501): greeting, CAPABILITY, STARTTLS, LOGIN / AUTHENTICATE PLAIN, LOGOUT. */
final class ImapDialect implements Dialect {
    private int tagCounter;

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    /** {@code * OK} and {@code * PREAUTH} greet; {@code * BYE} refuses. */
    @Override
    public Reply readGreeting(Session s, String firstLine) throws IOException {
        String u = normalized(firstLine);
        if (u.startsWith("* OK") || u.startsWith("* PREAUTH")) {
            return new Reply(Reply.Kind.POSITIVE, -1, List.of(firstLine), true);
        }
        if (u.startsWith("* BYE")) {
            return new Reply(Reply.Kind.NEGATIVE, -1, List.of(firstLine), true);
        }
        throw new UnexpectedReplyException("not an IMAP greeting", firstLine);
    }

    /** Upper case, leading blanks gone, runs of blanks as one space: servers vary in spacing. */
    static String normalized(String line) {
        return line.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    private String nextTag() {
        return "a" + (++tagCounter);
    }

    /** Sends a tagged command and reads untagged lines up to the tagged status (or a "+" continuation). */
    private Reply command(Session s, String tag, String line) throws IOException {
        s.send(line);
        return readResponse(s, tag);
    }

    static Reply readResponse(Session s, String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        String prefix = tag.toUpperCase(Locale.ROOT) + " ";
        while (true) {
            String line = s.readLine();
            lines.add(line);
            String u = normalized(line);
            if (u.startsWith(prefix)) {
                String status = u.substring(prefix.length()).stripLeading();
                Reply.Kind kind = status.startsWith("OK") ? Reply.Kind.POSITIVE : Reply.Kind.NEGATIVE;
                return new Reply(kind, -1, lines, true);
            }
            if (u.startsWith("+")) {
                return new Reply(Reply.Kind.CONTINUE, -1, lines, true);
            }
            if (u.startsWith("* BYE")) {
                // The server is closing; its tagged answer may never come.
                return new Reply(Reply.Kind.NEGATIVE, -1, lines, false);
            }
            if (lines.size() >= Session.MAX_REPLY_LINES) {
                throw new TooManyLinesException(
                        "a response of more than " + Session.MAX_REPLY_LINES + " lines without its tagged end", lines);
            }
        }
    }

    @Override
    public List<String> capabilities(Session s) throws IOException {
        String tag = nextTag();
        Reply r = command(s, tag, tag + " CAPABILITY");
        return r.positive() ? parseCapabilities(r.lines()) : List.of();
    }

    /** The atoms of every {@code * CAPABILITY} line. */
    static List<String> parseCapabilities(List<String> lines) {
        List<String> caps = new ArrayList<>();
        for (String line : lines) {
            String[] atoms = line.trim().split("\\s+");
            if (atoms.length >= 2 && atoms[0].equals("*") && atoms[1].equalsIgnoreCase("CAPABILITY")) {
                for (int i = 2; i < atoms.length; i++) {
                    caps.add(atoms[i]);
                }
            }
        }
        return caps;
    }

    @Override
    public Reply startTls(Session s) throws IOException {
        String tag = nextTag();
        return command(s, tag, tag + " STARTTLS");
    }

    @Override
    public AuthOutcome authProbe(Session s, List<String> capabilities, Credentials creds, boolean real)
            throws IOException {
        if (Dialect.hasCapability(capabilities, "LOGINDISABLED") && !hasAuth(capabilities, "PLAIN")) {
            return new AuthOutcome(
                    AuthOutcome.Verdict.NOT_OFFERED,
                    null,
                    List.of("LOGINDISABLED advertised: the server refuses LOGIN on this channel"),
                    null,
                    real);
        }
        if (hasAuth(capabilities, "PLAIN")) {
            AuthSteps steps = new AuthSteps("AUTHENTICATE PLAIN", real);
            String tag = nextTag();
            Reply r = command(s, tag, tag + " AUTHENTICATE PLAIN");
            steps.add(tag + " AUTHENTICATE PLAIN", r);
            if (r.kind() == Reply.Kind.CONTINUE) {
                s.sendSecret(AuthSteps.saslPlain(creds.username(), creds.password()), AuthSteps.REDACTED);
                r = readResponse(s, tag);
                steps.add(AuthSteps.REDACTED, r);
            }
            return steps.finish(verdictOf(r), r);
        }
        AuthSteps steps = new AuthSteps("LOGIN", real);
        String tag = nextTag();
        s.sendSecret(
                tag + " LOGIN " + quoted(creds.username()) + " " + quoted(creds.password()),
                tag + " LOGIN <redacted> <redacted>");
        Reply r = readResponse(s, tag);
        steps.add(tag + " LOGIN <redacted> <redacted>", r);
        return steps.finish(verdictOf(r), r);
    }

    private static boolean hasAuth(List<String> caps, String mech) {
        return caps.stream().anyMatch(c -> c.equalsIgnoreCase("AUTH=" + mech));
    }

    private static AuthOutcome.Verdict verdictOf(Reply r) {
        return switch (r.kind()) {
            case POSITIVE -> AuthOutcome.Verdict.ACCEPTED;
            case NEGATIVE -> AuthOutcome.Verdict.REJECTED;
            case CONTINUE -> AuthOutcome.Verdict.ERROR;
        };
    }

    /** An IMAP quoted string (RFC 9051 §4.3). */
    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void quit(Session s) {
        try {
            String tag = nextTag();
            command(s, tag, tag + " LOGOUT");
        } catch (IOException | RuntimeException e) {
            // Polite close is best effort.
        }
    }
}
