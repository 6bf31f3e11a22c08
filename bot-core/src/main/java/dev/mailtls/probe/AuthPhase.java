package dev.mailtls.probe;

import dev.mailtls.protocol.Dialect;
import dev.mailtls.protocol.Session;
import java.io.IOException;
import java.util.List;

/**
 * The optional auth probe: made-up credentials by default; real ones only over TLS to a trusted
 * certificate that names the host, and never in the transcript, even when a server echoes them.
 */
final class AuthPhase {
    private AuthPhase() {}

    static void run(ProbeRun run, Session session, Dialect dialect, List<String> caps) {
        ProbeOptions options = run.request.options();
        if (!options.authProbe()) {
            return;
        }
        boolean real = options.credentials() != null;
        if (!session.encrypted() && !options.allowPlaintextAuth()) {
            run.auth = new AuthOutcome(
                    AuthOutcome.Verdict.SKIPPED_PLAINTEXT,
                    null,
                    List.of("not attempted: the channel is not encrypted (force it with --auth-plaintext)"),
                    null,
                    real);
            return;
        }
        if (real && session.encrypted() && !safeForRealCredentials(run)) {
            run.auth = new AuthOutcome(
                    AuthOutcome.Verdict.SKIPPED_UNTRUSTED,
                    null,
                    List.of(
                            "not attempted: real credentials are only sent to a trusted certificate that names the host"),
                    null,
                    true);
            return;
        }
        long t0 = System.nanoTime();
        Credentials creds = real ? options.credentials() : InvalidCredentials.create();
        if (real) {
            // A server that echoes what it was sent must not put the password in the transcript.
            run.transcript.redact(creds.username());
            run.transcript.redact(creds.password());
        }
        // Servers delay logins on purpose (Dovecot's auth penalty after failures, up to 15 s; tarpits
        // of failed SMTP AUTH): let the answers take what is left of the deadline.
        session.readTimeout(options.deadline());
        try {
            AuthOutcome a = dialect.authProbe(session, caps, creds, real);
            run.auth = real ? scrubbed(run, a) : a;
        } catch (IOException e) {
            run.auth = new AuthOutcome(
                    AuthOutcome.Verdict.ERROR,
                    null,
                    List.of("auth probe broke off: " + ProbeFlow.describe(e)),
                    null,
                    real);
        } finally {
            run.time(Phase.AUTH, t0);
        }
    }

    private static AuthOutcome scrubbed(ProbeRun run, AuthOutcome a) {
        String reply = a.finalReply();
        return new AuthOutcome(
                a.verdict(),
                a.mechanism(),
                a.exchange().stream().map(run.transcript::scrub).toList(),
                reply == null ? null : run.transcript.scrub(reply),
                a.realCredentials());
    }

    /** Trusted chain, matching name, and no bytes injected around STARTTLS. */
    private static boolean safeForRealCredentials(ProbeRun run) {
        var tls = run.tls;
        var st = run.starttls;
        return tls != null
                && tls.trust().trusted()
                && tls.hostname().matches()
                && (st == null || st.injectedBytes() == null);
    }
}
