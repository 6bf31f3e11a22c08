package dev.mailtls.probe;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.protocol.Dialect;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.tls.LegacyHandshake;
import dev.mailtls.internal.tls.SuiteCatalog;
import dev.mailtls.internal.tls.TlsEnumerator;
import dev.mailtls.internal.tls.TlsVersion;
import dev.mailtls.tls.LegacyTlsResult;
import dev.mailtls.tls.TlsEnumeration;
import dev.mailtls.tls.TlsOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * When the JDK's TLS 1.2/1.3 handshake finds no version in common with the server, asks on further
 * connections whether it speaks TLS 1.1, 1.0 or SSLv3 (the same enumerator as the TLS 1.0/1.1 check
 * and {@code --deep}), and when it does, completes a handshake in the newest of them with mailtls's
 * own client: the card then shows what the server really has (version and suite, the greeting and
 * capabilities over TLS, the certificate with its verdicts) under {@link FailureCode#TLS_LEGACY_ONLY},
 * instead of a guess.
 */
final class LegacyOnlyRetry {
    /** The whole retry: the old-version offers and the handshake after them. */
    static final Duration BUDGET = Duration.ofSeconds(6);

    /** The least time left for a retry worth starting. */
    private static final Duration LEAST = Duration.ofSeconds(1);

    /** The old versions asked about, newest first. */
    private static final List<TlsVersion> OLD = List.of(TlsVersion.TLS11, TlsVersion.TLS10, TlsVersion.SSL3);

    /**
     * The JDK's words when the server has no version (or no suite) in common with TLS 1.2/1.3: its
     * alert, the JDK refusing the old version the server chose, or an old server hanging up on a
     * hello it does not understand.
     */
    private static final Pattern NO_COMMON_VERSION = Pattern.compile(
            "protocol_version|handshake_failure|insufficient_security|not accepted by client preferences"
                    + "|no appropriate protocol|remote host terminated the handshake|unsupported protocol",
            Pattern.CASE_INSENSITIVE);

    private LegacyOnlyRetry() {}

    /** Whether a failed handshake may be a server without TLS 1.2/1.3, and the probe may ask. */
    static boolean applies(ProbeContext probe, @Nullable IOException jdkError) {
        if (jdkError == null
                || probe.options().tlsVersion() != null
                || probe.deadline().remaining().compareTo(LEAST) < 0) {
            return false;
        }
        for (Throwable t = jdkError; t != null; t = t.getCause()) {
            if (t.getMessage() != null
                    && NO_COMMON_VERSION.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks, and returns what was found, always with a failure: {@link FailureCode#TLS_LEGACY_ONLY}
     * when an old version is spoken, else {@link FailureCode#HANDSHAKE_FAILED} with what the old
     * offers got as evidence.
     */
    static Facts run(ProbeContext probe, Facts known, List<InetAddress> resolved, IOException jdkError) {
        long t0 = probe.now();
        Deadline budget = probe.deadline().within(BUDGET);
        ProbeRequest request = probe.request();
        Protocol protocol = known.protocol();
        Duration perRead = request.options().greetingTimeout();
        probe.transcript()
                .note("the TLS 1.2/1.3 handshake failed (" + ProbeFlow.describe(jdkError)
                        + "); offering TLS 1.1, TLS 1.0 and SSLv3 on further connections");
        TlsEnumeration asked = TlsRedial.enumerate(
                probe, known, resolved, protocol, budget, perRead, TlsEnumerator.Options.legacyOnly(perRead));
        Facts found = Facts.NONE.took(Phase.HANDSHAKE, probe.millisSince(t0));
        List<TlsEnumeration.VersionSuites> spoken = new ArrayList<>();
        for (TlsVersion v : OLD) {
            asked.versions().stream()
                    .filter(s -> s.version().equals(v.id()) && s.accepted() == TlsEnumeration.Acceptance.YES)
                    .findFirst()
                    .ifPresent(spoken::add);
        }
        if (spoken.isEmpty()) {
            boolean unknown = asked.versions().stream().anyMatch(s -> s.accepted() != TlsEnumeration.Acceptance.NO);
            String what = unknown ? Failure.OLD_VERSIONS_UNANSWERED : Failure.OLD_VERSIONS_REFUSED;
            probe.transcript().note(what);
            return found.with(new Failure(
                    Phase.HANDSHAKE,
                    FailureCode.HANDSHAKE_FAILED,
                    "TLS handshake failed: " + ProbeFlow.describe(jdkError),
                    what));
        }
        List<String> names =
                spoken.stream().map(TlsEnumeration.VersionSuites::version).toList();
        Failure failure = new Failure(
                Phase.HANDSHAKE,
                FailureCode.TLS_LEGACY_ONLY,
                "the server speaks only " + String.join(" and ", names.reversed())
                        + " (no TLS 1.2 or 1.3), which current mail clients refuse",
                ProbeFlow.describe(jdkError));
        TlsEnumeration.VersionSuites newest = spoken.get(0);
        probe.transcript()
                .note("the server accepts " + String.join(", ", names) + "; a new connection completes the handshake"
                        + " in " + newest.version() + " with mailtls's own TLS client");
        // The failure first: a greeting that fails over the old version must not replace it.
        return found.with(failure).merge(complete(probe, known, resolved, protocol, budget, newest, asked));
    }

    /**
     * The handshake in {@code newest} on a new connection, and over it the greeting (implicit TLS) and
     * the capabilities. What the conversation shows goes to the probe's transcript.
     */
    private static Facts complete(
            ProbeContext probe,
            Facts known,
            List<InetAddress> resolved,
            @Nullable Protocol protocol,
            Deadline budget,
            TlsEnumeration.VersionSuites newest,
            TlsEnumeration asked) {
        long t0 = probe.now();
        ProbeRequest request = probe.request();
        String sni = TlsPhase.sniName(request);
        String chosen = newest.suites().isEmpty() ? null : newest.suites().get(0);
        var suite = chosen == null ? null : SuiteCatalog.byName(chosen);
        TlsVersion version = TlsVersion.byId(newest.version());
        LegacyTlsResult legacy = LegacyTlsResult.of(asked);
        Socket s = null;
        LegacyHandshake.Opened opened = null;
        try {
            s = TlsRedial.open(
                    probe, known, resolved, protocol, budget, request.options().greetingTimeout());
            opened = LegacyHandshake.open(
                    s, sni, version, suite == null ? -1 : suite.code(), budget.timeoutMillis(BUDGET));
            Facts found = Facts.NONE.took(Phase.HANDSHAKE, probe.millisSince(t0));
            TlsOutcome tls = probe.tls()
                    .outcome(
                            probe,
                            opened.version() != null ? opened.version() : newest.version(),
                            opened.cipherSuite() != null ? opened.cipherSuite() : chosen,
                            opened.chain(),
                            sni)
                    .withLegacy(legacy);
            found = found.with(tls);
            if (opened.tls() == null) {
                probe.transcript()
                        .note("mailtls's own " + newest.version() + " handshake stopped: " + opened.problem());
                return found;
            }
            probe.transcript().note("TLS established: " + opened.version() + " " + opened.cipherSuite());
            return found.merge(overTls(probe, known, s, opened.tls(), protocol));
        } catch (IOException | RuntimeException e) {
            probe.transcript().note("the further connection failed: " + ProbeFlow.describe(e));
            return Facts.NONE.took(Phase.HANDSHAKE, probe.millisSince(t0));
        } finally {
            if (opened != null && opened.tls() != null) {
                opened.tls().close();
            }
            Connector.closeQuietly(s);
        }
    }

    /** Over the old-version TLS: the greeting (implicit TLS), the capabilities, and QUIT. */
    private static Facts overTls(
            ProbeContext probe, Facts known, Socket raw, LegacyHandshake.Streams tls, @Nullable Protocol protocol)
            throws IOException {
        ProbeOptions options = probe.options();
        Session session = new Session(raw, probe.transcript(), probe.deadline(), options.greetingTimeout());
        session.attach(raw, tls.in(), tls.out());
        Facts found = Facts.NONE;
        Dialect dialect;
        Phase capabilities;
        if (known.transport() == Transport.STARTTLS) {
            if (protocol == null) {
                return found;
            }
            dialect = Dialect.of(protocol, options.ehloName());
            capabilities = Phase.POST_TLS_CAPABILITIES;
        } else {
            long t0 = probe.now();
            Greeter.Greeted g = Greeter.greet(probe, session, session.readLine(), t0);
            found = found.merge(g.found());
            if (g.dialect() == null) {
                return found;
            }
            dialect = g.dialect();
            capabilities = Phase.CAPABILITIES;
        }
        long t1 = probe.now();
        List<String> caps = dialect.capabilities(session);
        found = found.withCapabilitiesAfterTls(caps).took(capabilities, probe.millisSince(t1));
        dialect.quit(session);
        return found;
    }
}
