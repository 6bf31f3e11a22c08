package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.TrustVerdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** STARTTLS for SMTP, IMAP and POP3 against scripted servers with test certificates. */
@Timeout(30)
class ProberStartTlsTest {
    private static final TestPki PKI = TestPki.create();

    private final Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC());

    private static ProbeOptions quick() {
        return ProbeOptions.defaults()
                .withDeadline(Duration.ofSeconds(8))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    private ProbeResult probe(ScriptedMailServer server, Protocol protocol, ProbeOptions o) {
        return prober.probe(new ProbeRequest("mail.test", server.port(), protocol, Transport.STARTTLS, o));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void starttlsUpgradesAndCapabilitiesChange(Protocol protocol) {
        try (ScriptedMailServer s = ScriptedMailServer.builder(protocol)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .start()) {
            ProbeResult r = probe(s, protocol, quick());
            assertThat(r.failure()).isNull();
            assertThat(r.greeting().accepted()).isTrue();
            assertThat(r.starttls().offered()).isTrue();
            assertThat(r.starttls().accepted()).isTrue();
            assertThat(r.starttls().injectedBytes()).isNull();
            assertThat(r.tls().version()).startsWith("TLSv1.");
            assertThat(r.tls().hostname().matches()).isTrue();
            assertThat(r.tls().trust().trusted()).isFalse();
            assertThat(r.capabilitiesBeforeTls()).isNotEqualTo(r.capabilitiesAfterTls());
            assertThat(r.capabilitiesAfterTls()).isNotNull();
            assertThat(r.timings()).containsKeys(Phase.STARTTLS, Phase.HANDSHAKE, Phase.POST_TLS_CAPABILITIES);
        }
    }

    @Test
    void aStartTlsAnsweredWith221IsNotAGoAheadAndNotSaidToWork() {
        // RFC 3207 §4: only 220 lets the client start TLS; 221 closes the channel.
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .startTlsReply("221 2.0.0 Bye")
                .start()) {
            ProbeResult r = probe(s, Protocol.SMTP, quick());
            List<HintCode> hints =
                    new Diagnoser().diagnose(r).stream().map(Hint::code).toList();

            assertThat(r.starttls().accepted()).isFalse();
            assertThat(r.starttls().reply()).isEqualTo("221 2.0.0 Bye");
            assertThat(r.failure().code()).isEqualTo(FailureCode.STARTTLS_NOT_OFFERED);
            assertThat(r.timings()).doesNotContainKey(Phase.HANDSHAKE);
            assertThat(hints)
                    .contains(HintCode.STARTTLS_NOT_OFFERED)
                    .doesNotContain(HintCode.STARTTLS_NOT_ADVERTISED_BUT_WORKS, HintCode.HANDSHAKE_FAILED);
        }
    }

    @Test
    void extraCaFileMakesThePrivateChainTrusted(@TempDir Path dir) {
        Path root = PKI.writeRootPem(dir);
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .start()) {
            ProbeResult r = probe(s, Protocol.SMTP, quick().withCaFile(root));
            assertThat(r.tls().trust().trusted()).as(r.tls().trust().reason()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void refusedStarttlsKeepsTheReply(Protocol protocol) {
        String refusal = switch (protocol) {
            case SMTP -> "454 4.7.0 TLS not available due to local problem";
            case IMAP -> "NO [UNAVAILABLE] TLS not available";
            case POP3 -> "-ERR TLS not available";
        };
        try (ScriptedMailServer s = ScriptedMailServer.builder(protocol)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .startTlsReply(refusal)
                .start()) {
            ProbeResult r = probe(s, protocol, quick());
            assertThat(r.failure().code()).isEqualTo(FailureCode.STARTTLS_REFUSED);
            assertThat(r.starttls().answer()).isEqualTo(StartTlsOutcome.Answer.REFUSED);
            assertThat(r.starttls().reply()).contains("TLS not available");
            assertThat(r.tls()).isNull();
        }
    }

    @Test
    void starttlsNotAdvertisedButAcceptedIsSaid() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .advertiseStartTls(false)
                .start()) {
            ProbeResult r = probe(s, Protocol.SMTP, quick());
            assertThat(r.failure()).isNull();
            assertThat(r.starttls().offered()).isFalse();
            assertThat(r.starttls().accepted()).isTrue();
        }
    }

    @Test
    void bytesAfterTheGoAheadAreDetectedAsInjection() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .injectAfterGoAhead("250 injected\r\n")
                .start()) {
            ProbeResult r = probe(s, Protocol.SMTP, quick());
            assertThat(r.starttls().injectedBytes()).contains("250 injected");
        }
    }

    @Test
    void expiredCertificateIsCapturedAndJudged() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.IMAP)
                .sslContext(PKI.serverContext(PKI.expired("mail.test")))
                .start()) {
            ProbeResult r = probe(s, Protocol.IMAP, quick());
            assertThat(r.failure()).isNull();
            assertThat(r.tls().leaf().daysLeft()).isNegative();
            assertThat(r.tls().trust().problem()).isEqualTo(TrustVerdict.Problem.EXPIRED);
        }
    }

    @Test
    void certificateForAnotherHostIsAMismatch() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.POP3)
                .sslContext(PKI.serverContext(PKI.wrongHost("mail.test")))
                .start()) {
            ProbeResult r = probe(s, Protocol.POP3, quick());
            assertThat(r.tls().hostname().matches()).isFalse();
            assertThat(r.tls().leaf().sanDns()).doesNotContain("mail.test");
        }
    }

    @Test
    void sniNameIsSentAndCanBeOverridden() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .start()) {
            assertThat(probe(s, Protocol.SMTP, quick()).tls().sniName()).isEqualTo("mail.test");
            assertThat(probe(s, Protocol.SMTP, quick().withSniName("other.test"))
                            .tls()
                            .sniName())
                    .isEqualTo("other.test");
        }
    }

    @Test
    void anAddressProbedWithAServerNameIsCheckedAgainstThatName() {
        // A domain check probes each MX address with the MX name; so does "probe 192.0.2.1 --sni mx.test".
        Prober byAddress = new Prober(TestResolver.loopback("unused.test"), Clock.systemUTC());
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mx.test")))
                .start()) {
            ProbeResult named = byAddress.probe(new ProbeRequest(
                    "127.0.0.1", s.port(), Protocol.SMTP, Transport.STARTTLS, quick().withSniName("mx.test")));
            ProbeResult other = byAddress.probe(new ProbeRequest(
                    "127.0.0.1", s.port(), Protocol.SMTP, Transport.STARTTLS, quick().withSniName("other.test")));
            ProbeResult bare = byAddress.probe(
                    new ProbeRequest("127.0.0.1", s.port(), Protocol.SMTP, Transport.STARTTLS, quick()));

            assertThat(named.tls().hostname().matches()).isTrue();
            assertThat(other.tls().hostname().matches()).isFalse();
            assertThat(other.tls().hostname().reason()).contains("other.test");
            assertThat(bare.tls().hostname().matches()).isFalse();
        }
    }

    @Test
    void pinnedTlsVersionIsNegotiated() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .start()) {
            assertThat(probe(s, Protocol.SMTP, quick().withTlsVersion("TLSv1.2"))
                            .tls()
                            .version())
                    .isEqualTo("TLSv1.2");
            assertThat(probe(s, Protocol.SMTP, quick().withTlsVersion("TLSv1.3"))
                            .tls()
                            .version())
                    .isEqualTo("TLSv1.3");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void authProbeRunsOnlyAfterTlsAndDecodesThePolicy(Protocol protocol) {
        String reply = switch (protocol) {
            case SMTP -> "534 5.7.9 Application-specific password required";
            case IMAP -> "NO [ALERT] Application-specific password required";
            case POP3 -> "-ERR [AUTH] Application-specific password required";
        };
        try (ScriptedMailServer s = ScriptedMailServer.builder(protocol)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .authReply(reply)
                .start()) {
            ProbeResult r = probe(s, protocol, quick().withAuthProbe(true, null, false));
            assertThat(r.auth().verdict()).isEqualTo(AuthOutcome.Verdict.REJECTED);
            assertThat(r.auth().finalReply()).contains("Application-specific password required");
            assertThat(s.receivedInPlaintext())
                    .noneMatch(l -> l.toUpperCase().matches("^(A\\d+ )?(AUTH|LOGIN|USER|PASS|AUTHENTICATE).*"));
            assertThat(r.transcript()).noneMatch(l -> l.contains("mailtls-probe"));
        }
    }
}
