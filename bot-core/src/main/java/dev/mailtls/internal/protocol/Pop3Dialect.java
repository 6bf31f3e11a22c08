package dev.mailtls.internal.protocol;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Protocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** POP3 (RFC 1939), CAPA and STLS (RFC 2449, RFC 2595), USER/PASS. */
final class Pop3Dialect implements Dialect {

    @Override
    public Protocol protocol() {
        return Protocol.POP3;
    }

    @Override
    public Reply readGreeting(Session s, String firstLine) throws IOException {
        return single(firstLine);
    }

    static Reply single(String line) throws UnexpectedReplyException {
        String u = line.stripLeading().toUpperCase(Locale.ROOT);
        if (u.startsWith("+OK")) {
            return new Reply(Reply.Kind.POSITIVE, -1, List.of(line), true);
        }
        if (u.startsWith("-ERR")) {
            return new Reply(Reply.Kind.NEGATIVE, -1, List.of(line), true);
        }
        if (u.startsWith("+")) {
            return new Reply(Reply.Kind.CONTINUE, -1, List.of(line), true);
        }
        throw new UnexpectedReplyException("not a POP3 reply", line);
    }

    private static Reply command(Session s, String line) throws IOException {
        s.send(line);
        return single(s.readLine());
    }

    /** CAPA: {@code +OK}, then capability lines up to a lone dot. */
    @Override
    public List<String> capabilities(Session s) throws IOException {
        Reply r = command(s, "CAPA");
        if (!r.positive()) {
            return List.of();
        }
        List<String> caps = new ArrayList<>();
        for (int read = 1; ; read++) {
            String line = s.readLine();
            if (line.equals(".")) {
                return caps;
            }
            // RFC 1939 §3: a line starting with the termination octet is byte-stuffed.
            String cap = line.startsWith("..") ? line.substring(1) : line;
            if (!cap.isBlank()) {
                caps.add(cap.trim());
            }
            if (read >= Session.MAX_REPLY_LINES) {
                throw new TooManyLinesException(
                        "a CAPA list of more than " + Session.MAX_REPLY_LINES + " lines without its end", caps);
            }
        }
    }

    @Override
    public boolean advertisesStartTls(List<String> capabilities) {
        return Dialect.hasCapability(capabilities, "STLS");
    }

    @Override
    public Reply startTls(Session s) throws IOException {
        return command(s, "STLS");
    }

    @Override
    public AuthOutcome authProbe(Session s, List<String> capabilities, Credentials creds, boolean real)
            throws IOException {
        AuthSteps steps = new AuthSteps("USER/PASS", real);
        s.sendSecret("USER " + creds.username(), "USER <redacted>");
        Reply r = single(s.readLine());
        steps.add("USER <redacted>", r);
        if (!r.positive()) {
            AuthOutcome.Verdict v = capabilities.isEmpty() || Dialect.hasCapability(capabilities, "USER")
                    ? AuthOutcome.Verdict.REJECTED
                    : AuthOutcome.Verdict.NOT_OFFERED;
            return steps.finish(v, r);
        }
        s.sendSecret("PASS " + creds.password(), "PASS <redacted>");
        r = single(s.readLine());
        steps.add("PASS <redacted>", r);
        return steps.finish(r.positive() ? AuthOutcome.Verdict.ACCEPTED : AuthOutcome.Verdict.REJECTED, r);
    }

    @Override
    public void quit(Session s) {
        try {
            command(s, "QUIT");
        } catch (IOException | RuntimeException e) {
            // Polite close is best effort.
        }
    }
}
