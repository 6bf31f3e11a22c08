package dev.mailtls.probe;

import dev.mailtls.endpoint.Target;
import dev.mailtls.internal.io.Deadline;
import dev.mailtls.internal.tls.HostnameMatcher;
import dev.mailtls.internal.tls.TlsHandshake;
import dev.mailtls.tls.CertificateFacts;
import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.HostnameVerdict;
import dev.mailtls.tls.TlsOutcome;
import dev.mailtls.tls.TrustEvaluator;
import dev.mailtls.tls.TrustVerdict;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The handshake phase: run it, time it, and turn what the server presented into verdicts. */
final class TlsPhase {
    /** Asked only when a chain is judged: a cold process loads the JDK's anchors meanwhile. */
    private final Supplier<TrustEvaluator> trust;

    private final CertificateFacts certificates;

    TlsPhase(Supplier<TrustEvaluator> trust, CertificateFacts certificates) {
        this.trust = trust;
        this.certificates = certificates;
    }

    /** With a memory of certificates of its own (one probe's). */
    TlsPhase(TrustEvaluator trust) {
        this(() -> trust, new CertificateFacts(16));
    }

    /** The SNI name: the option if given, else the host typed, none for an IP literal. */
    static @Nullable String sniName(ProbeRequest request) {
        String sni = request.options().sniName();
        String name = sni != null ? sni : request.host();
        return Target.isIpLiteral(name) || !validSni(name) ? null : name;
    }

    /**
     * The name the certificate must hold: the host typed; for an address probed with a server name
     * ({@code probe 192.0.2.1 --sni mx.example.com}, every MX address of a domain check), that name.
     */
    static String expectedName(ProbeRequest request) {
        String sni = request.options().sniName();
        return Target.isIpLiteral(request.host()) && sni != null ? sni : request.host();
    }

    /** RFC 6066 §3: a DNS host name in LDH form (no underscores), which the JDK insists on. */
    static boolean validSni(String name) {
        try {
            new javax.net.ssl.SNIHostName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A handshake as it ended, and what it found: its time and, when a chain was seen, the verdicts. */
    record Handshake(TlsHandshake.Captured captured, Facts found) {}

    /** Runs the handshake on {@code raw}, noting it in the probe's transcript. */
    Handshake handshake(ProbeContext probe, Socket raw, Deadline deadline) {
        long t0 = probe.now();
        ProbeRequest request = probe.request();
        String sni = sniName(request);
        if (sni == null && !Target.isIpLiteral(request.host())) {
            probe.transcript().note("no SNI sent: " + request.host() + " is not a valid SNI host name (RFC 6066)");
        }
        probe.transcript()
                .note("TLS handshake" + (sni == null ? " (no SNI)" : " with SNI " + sni)
                        + (request.options().tlsVersion() == null
                                ? ""
                                : ", offering only " + request.options().tlsVersion()));
        TlsHandshake.Captured c = TlsHandshake.run(
                raw,
                request.host(),
                request.port(),
                sni,
                request.options().tlsVersion(),
                deadline.timeoutMillis(request.options().deadline()),
                probe.ready()::certificateArrived);
        Facts found = Facts.NONE.took(Phase.HANDSHAKE, probe.millisSince(t0));
        if (!c.chain().isEmpty() || c.ok()) {
            found = found.with(outcome(probe, c.version(), c.cipherSuite(), c.chain(), sni));
        }
        if (c.ok()) {
            probe.transcript().note("TLS established: " + c.version() + " " + c.cipherSuite());
        } else {
            probe.transcript().note("TLS handshake failed: " + c.error());
        }
        return new Handshake(c, found);
    }

    /** What the server presented, with the trust and hostname verdicts. */
    TlsOutcome outcome(
            ProbeContext probe,
            @Nullable String version,
            @Nullable String cipherSuite,
            List<X509Certificate> chain,
            @Nullable String sni) {
        // Certificates are judged at the probe's start, the instant the hints and the card count days from.
        Instant now = probe.startedAt();
        List<CertificateInfo> infos =
                chain.stream().map(x -> certificates.of(x, now)).toList();
        TrustVerdict verdict = trust.get().evaluate(chain, now);
        HostnameVerdict hostname = chain.isEmpty()
                ? new HostnameVerdict(false, false, "the server sent no certificate")
                : HostnameMatcher.match(expectedName(probe.request()), chain.get(0));
        return new TlsOutcome(
                version == null ? "unknown" : version,
                cipherSuite == null ? "unknown" : cipherSuite,
                infos,
                verdict,
                hostname,
                sni);
    }

    /** True when a handshake failure means the server answered in plaintext. */
    static boolean looksLikePlaintext(@Nullable Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("plaintext")
                    || m.contains("unrecognized ssl message")
                    || m.contains("unsupported or unrecognized")) {
                return true;
            }
        }
        return false;
    }
}
