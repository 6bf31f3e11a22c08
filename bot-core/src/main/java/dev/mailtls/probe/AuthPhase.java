package dev.mailtls.probe;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.internal.protocol.Session;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The optional auth probe: made-up credentials by default; real ones only over TLS to a trusted
 * certificate that names the host, and never in the transcript, even when a server echoes them.
 */
final class AuthPhase implements Step {
    static final AuthPhase INSTANCE = new AuthPhase();

    private AuthPhase() {}

    @Override
    public String name() {
        return Phase.AUTH.key();
    }

    /** Runs on the capabilities of the channel it is on: after TLS when there was TLS, else before. */
    @Override
    public Outcome take(ProbeContext probe, Link link, Facts known) {
        ProbeOptions options = probe.options();
        if (!options.authProbe()) {
            return Outcome.next(Facts.NONE, link);
        }
        Session session = link.requireSession();
        List<String> after = known.capabilitiesAfterTls();
        List<String> before = known.capabilitiesBeforeTls();
        List<String> caps = after != null ? after : before != null ? before : List.of();
        boolean real = options.credentials() != null;
        AuthOutcome refused =
                refusal(session.encrypted(), real, options.allowPlaintextAuth(), safeForRealCredentials(known));
        if (refused != null) {
            return Outcome.next(Facts.NONE.with(refused), link);
        }
        long t0 = probe.now();
        Credentials creds = real ? options.credentials() : InvalidCredentials.create();
        // Servers delay logins on purpose (Dovecot's auth penalty after failures, up to 15 s; tarpits
        // of failed SMTP AUTH): let the answers take what is left of the deadline.
        session.readTimeout(options.deadline());
        AuthOutcome outcome;
        try {
            // With real credentials the run's redactor takes every form of them out of the server's
            // answers: in the transcript as they arrive, in the outcome when the result is built.
            outcome = link.requireDialect().authProbe(session, caps, creds, real);
        } catch (IOException e) {
            outcome = new AuthOutcome(
                    AuthOutcome.Verdict.ERROR,
                    null,
                    List.of("auth probe broke off: " + ProbeFlow.describe(e)),
                    null,
                    real);
        }
        return Outcome.next(Facts.NONE.with(outcome).took(Phase.AUTH, probe.millisSince(t0)), link);
    }

    /**
     * Why the auth probe must not run on this channel, or null when it may. Real credentials go only
     * over TLS to a trusted certificate that names the host, whatever the options say: {@link
     * ProbeOptions} already refuses real credentials with plaintext allowed, and this holds even if
     * that check is ever lost. {@code --auth-plaintext} only ever lets the made-up login through.
     */
    static @Nullable AuthOutcome refusal(
            boolean encrypted, boolean real, boolean allowPlaintext, boolean safeForRealCredentials) {
        if (!encrypted && real) {
            return new AuthOutcome(
                    AuthOutcome.Verdict.SKIPPED_PLAINTEXT,
                    null,
                    List.of("not attempted: real credentials are never sent over an unencrypted channel"),
                    null,
                    true);
        }
        if (!encrypted && !allowPlaintext) {
            return new AuthOutcome(
                    AuthOutcome.Verdict.SKIPPED_PLAINTEXT,
                    null,
                    List.of("not attempted: the channel is not encrypted (force it with --auth-plaintext)"),
                    null,
                    false);
        }
        if (real && !safeForRealCredentials) {
            return new AuthOutcome(
                    AuthOutcome.Verdict.SKIPPED_UNTRUSTED,
                    null,
                    List.of(
                            "not attempted: real credentials are only sent to a trusted certificate that names the host"),
                    null,
                    true);
        }
        return null;
    }

    /** Trusted chain, matching name, and no bytes injected around STARTTLS. */
    private static boolean safeForRealCredentials(Facts known) {
        var tls = known.tls();
        var st = known.starttls();
        return tls != null
                && tls.trust().trusted()
                && tls.hostname().matches()
                && (st == null || st.injectedBytes() == null);
    }
}
