package dev.mailtls.probe;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.internal.protocol.Dialect;
import dev.mailtls.internal.protocol.GreetingDetector;
import dev.mailtls.internal.protocol.Reply;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.protocol.TooManyLinesException;
import dev.mailtls.internal.protocol.UnexpectedReplyException;
import dev.mailtls.net.Printable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads the rest of a greeting whose first line came, and picks the dialect: shared by both greeting steps. */
final class Greeter {
    /** Of a greeting that never ends, the lines kept for the card. */
    private static final int GREETING_LINES_KEPT = 10;

    private Greeter() {}

    /** What the greeting showed, and the dialect to go on in; no dialect when it failed. */
    record Greeted(Facts found, @Nullable Dialect dialect) {}

    static Greeted greet(ProbeContext probe, Session session, String first, long t0) {
        ProbeRequest request = probe.request();
        Optional<Protocol> seen = GreetingDetector.detect(first);
        Protocol protocol = request.protocol() != null
                ? request.protocol()
                : seen.or(() -> WellKnownPorts.protocolOf(request.port()))
                        .or(() -> WellKnownPorts.protocolOfHost(request.host()))
                        .orElse(null);
        if (protocol == null || (seen.isPresent() && seen.get() != protocol)) {
            Facts found = Facts.NONE
                    .took(Phase.GREETING, probe.millisSince(t0))
                    .with(new Failure(
                            Phase.GREETING,
                            FailureCode.UNEXPECTED_REPLY,
                            "the server's first line " + GreetingDetector.mismatch(protocol, seen),
                            Printable.of(first, 300)));
            return new Greeted(seen.isPresent() ? found.with(seen.get()) : found, null);
        }
        Facts found = Facts.NONE.with(protocol);
        Dialect dialect = Dialect.of(protocol, probe.options().ehloName());
        try {
            Reply g = dialect.readGreeting(session, first);
            long delay = probe.millisSince(t0);
            found = found.took(Phase.GREETING, probe.millisSince(t0))
                    .with(new Greeting(g.lines(), g.positive(), delay));
            if (!g.positive()) {
                return new Greeted(
                        found.with(new Failure(
                                Phase.GREETING,
                                FailureCode.SERVICE_REFUSED,
                                "the server refused the session",
                                g.text())),
                        null);
            }
            return new Greeted(found, dialect);
        } catch (IOException e) {
            found = found.took(Phase.GREETING, probe.millisSince(t0));
            if (e instanceof UnexpectedReplyException u && !u.before().isEmpty()) {
                // Keep the part of the greeting that was valid: it is what the user needs to see.
                found = found.with(new Greeting(u.before(), false, probe.millisSince(t0)));
            } else if (e instanceof TooManyLinesException t) {
                // A greeting that never ends: its first lines show what it is, the rest is repetition.
                List<String> shown = t.lines()
                        .subList(0, Math.min(GREETING_LINES_KEPT, t.lines().size()));
                found = found.with(new Greeting(shown, false, probe.millisSince(t0)));
            }
            return new Greeted(found.with(probe.ioFailure(Phase.GREETING, e)), null);
        }
    }
}
