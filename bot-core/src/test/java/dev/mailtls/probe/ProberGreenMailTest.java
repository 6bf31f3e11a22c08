package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.TrustVerdict;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The prober against GreenMail's implicit-TLS and plaintext servers (GreenMail has no STARTTLS). */
@Timeout(30)
class ProberGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.ALL))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@mail.test", "alice", "right-password"));

    private final Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC());

    private ProbeResult probe(int port, @Nullable Protocol protocol, @Nullable Transport transport, ProbeOptions o) {
        return prober.probe(new ProbeRequest("mail.test", port, protocol, transport, o));
    }

    private static ProbeOptions quick() {
        return ProbeOptions.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Test
    void implicitTlsSmtpShowsGreetingTlsAndCertificate() {
        ProbeResult r = probe(MAIL.getSmtps().getPort(), Protocol.SMTP, Transport.TLS, quick());
        assertThat(r.failure()).isNull();
        assertThat(r.address()).isEqualTo("127.0.0.1");
        assertThat(r.greeting()).isNotNull();
        assertThat(r.greeting().text()).startsWith("220");
        assertThat(r.tls()).isNotNull();
        assertThat(r.tls().version()).startsWith("TLSv1.");
        assertThat(r.tls().leaf()).isNotNull();
        assertThat(r.tls().trust().trusted()).isFalse();
        assertThat(r.capabilitiesBeforeTls()).isNull();
        assertThat(r.capabilitiesAfterTls()).isNotEmpty();
        assertThat(r.target().transport()).isEqualTo(Transport.TLS);
        assertThat(r.timings())
                .containsKeys(Phase.RESOLVE, Phase.CONNECT, Phase.HANDSHAKE, Phase.GREETING, Phase.CAPABILITIES);
        assertThat(r.transcript()).anyMatch(l -> l.startsWith("C: EHLO mailtls.invalid"));
    }

    @Test
    void implicitTlsImapAndPop3AreGreeted() {
        ProbeResult imap = probe(MAIL.getImaps().getPort(), Protocol.IMAP, Transport.TLS, quick());
        assertThat(imap.failure()).isNull();
        assertThat(imap.greeting().text()).startsWith("* OK");
        assertThat(imap.capabilitiesAfterTls()).anyMatch(c -> c.equalsIgnoreCase("IMAP4rev1"));

        ProbeResult pop3 = probe(MAIL.getPop3s().getPort(), Protocol.POP3, Transport.TLS, quick());
        assertThat(pop3.failure()).isNull();
        assertThat(pop3.greeting().text()).startsWith("+OK");
    }

    @Test
    void plaintextSmtpListsCapabilitiesWithoutTls() {
        ProbeResult r = probe(MAIL.getSmtp().getPort(), Protocol.SMTP, Transport.PLAIN, quick());
        assertThat(r.failure()).isNull();
        assertThat(r.tls()).isNull();
        assertThat(r.capabilitiesBeforeTls()).isNotEmpty();
        assertThat(r.starttls()).isNull();
    }

    @Test
    void starttlsOnAServerWithoutItIsTriedAndReportedNotOffered() {
        ProbeResult r = probe(MAIL.getSmtp().getPort(), Protocol.SMTP, Transport.STARTTLS, quick());
        assertThat(r.failure()).isNotNull();
        assertThat(r.failure().code()).isEqualTo(FailureCode.STARTTLS_NOT_OFFERED);
        assertThat(r.starttls().offered()).isFalse();
        assertThat(r.starttls().answer()).isEqualTo(StartTlsOutcome.Answer.REFUSED);
        assertThat(r.transcript()).contains("C: STARTTLS");
    }

    @Test
    void implicitTlsOnAPlaintextPortSaysWhatThePortSpeaks() {
        ProbeResult r = probe(MAIL.getImap().getPort(), Protocol.IMAP, Transport.TLS, quick());
        assertThat(r.failure().code()).isEqualTo(FailureCode.PLAINTEXT_ON_TLS_PORT);
        assertThat(r.failure().evidence()).startsWith("* OK");
    }

    @Test
    void starttlsOnAnImplicitTlsPortSaysItSpeaksTls() {
        ProbeResult r = probe(MAIL.getPop3s().getPort(), Protocol.POP3, Transport.STARTTLS, quick());
        assertThat(r.failure().code()).isEqualTo(FailureCode.TLS_ON_PLAINTEXT_PORT);
        assertThat(r.failure().evidence()).startsWith("TLSv1.");
    }

    @Test
    void autoOnAnUnknownPortDetectsImplicitTlsAndTheProtocol() {
        ProbeResult r = probe(MAIL.getImaps().getPort(), null, null, quick());
        assertThat(r.failure()).isNull();
        assertThat(r.target().transport()).isEqualTo(Transport.TLS);
        assertThat(r.target().protocol()).isEqualTo(Protocol.IMAP);
    }

    @Test
    void autoOnAnUnknownPlaintextPortDetectsProtocolAndPlaintext() {
        ProbeResult r = probe(MAIL.getPop3().getPort(), null, null, quick());
        assertThat(r.failure()).isNull();
        assertThat(r.target().protocol()).isEqualTo(Protocol.POP3);
        assertThat(r.target().transport()).isEqualTo(Transport.PLAIN);
    }

    @Test
    void authProbeWithInvalidCredentialsIsRejectedAndRedacted() {
        ProbeResult r = probe(
                MAIL.getSmtps().getPort(), Protocol.SMTP, Transport.TLS, quick().withAuthProbe(true, null, false));
        assertThat(r.auth()).isNotNull();
        assertThat(r.auth().realCredentials()).isFalse();
        assertThat(r.auth().verdict()).isEqualTo(AuthOutcome.Verdict.REJECTED);
        assertThat(r.transcript()).noneMatch(l -> l.contains("example.invalid"));
    }

    @Test
    void authProbeIsSkippedOnPlaintextUnlessForced() {
        ProbeResult r = probe(
                MAIL.getImap().getPort(), Protocol.IMAP, Transport.PLAIN, quick().withAuthProbe(true, null, false));
        assertThat(r.auth().verdict()).isEqualTo(AuthOutcome.Verdict.SKIPPED_PLAINTEXT);
        // Nothing but the capability request and the goodbye went over the unencrypted channel.
        assertThat(r.transcript().stream().filter(l -> l.startsWith("C: ")))
                .containsExactly("C: a1 CAPABILITY", "C: a2 LOGOUT");
    }

    @Test
    void realCredentialsAreKeptFromGreenMailsSelfSignedCertificate() {
        ProbeResult r = probe(
                MAIL.getImaps().getPort(),
                Protocol.IMAP,
                Transport.TLS,
                quick().withAuthProbe(true, new Credentials("alice", "right-password"), false));
        assertThat(r.auth().verdict()).isEqualTo(AuthOutcome.Verdict.SKIPPED_UNTRUSTED);
        assertThat(r.auth().realCredentials()).isTrue();
        assertThat(r.transcript()).noneMatch(l -> l.startsWith("C: ") && l.contains("LOGIN"));
        assertThat(String.join("\n", r.transcript()) + r.auth()).doesNotContain("right-password");
    }

    @Test
    void closedPortIsRefused() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProbeResult r = probe(port, Protocol.SMTP, Transport.STARTTLS, quick());
        assertThat(r.failure().code()).isEqualTo(FailureCode.CONNECT_REFUSED);
        assertThat(r.failure().phase()).isEqualTo(Phase.CONNECT);
    }

    @Test
    void unknownNameIsReportedAsNotFound() {
        ProbeResult r = prober.probe(new ProbeRequest("nx.mail.test", 587, null, null, quick()));
        assertThat(r.failure().code()).isEqualTo(FailureCode.DNS_NOT_FOUND);
        assertThat(r.address()).isNull();
        assertThat(r.tls()).isNull();
    }

    @Test
    void selfSignedGreenMailCertificateIsNotTrustedButShown() {
        ProbeResult r = probe(MAIL.getImaps().getPort(), Protocol.IMAP, Transport.TLS, quick());
        assertThat(r.tls().trust().problem())
                .isIn(
                        TrustVerdict.Problem.SELF_SIGNED,
                        TrustVerdict.Problem.UNTRUSTED_ROOT,
                        TrustVerdict.Problem.INCOMPLETE_CHAIN,
                        TrustVerdict.Problem.OTHER);
        assertThat(r.tls().leaf().sha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }
}
