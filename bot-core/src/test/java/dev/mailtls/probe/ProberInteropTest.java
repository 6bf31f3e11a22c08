package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.RealMailServers;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prober against real Postfix and Dovecot from Debian, on loopback, with a certificate from
 * the test PKI. Asserts what a user would read: banner, capabilities, TLS, names, verdicts.
 */
@Timeout(120)
class ProberInteropTest {
    static final String NAME = "mail.interop.test";

    @TempDir
    static Path dir;

    static RealMailServers servers;
    static Path rootPem;
    static Prober prober;

    @BeforeAll
    static void start() throws Exception {
        RealMailServers.assumeAvailable();
        TestPki pki = TestPki.create();
        TestPki.Issued leaf = pki.leaf(NAME);
        pki.writePem(leaf, dir.resolve("chain.pem"), dir.resolve("key.pem"));
        rootPem = pki.writeRootPem(dir);
        servers = RealMailServers.start(dir.resolve("chain.pem"), dir.resolve("key.pem"));
        prober = new Prober(new TestResolver().add(NAME, InetAddress.getByName(servers.host())), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    private static final dev.mailtls.diagnosis.Diagnoser DIAGNOSER =
            new dev.mailtls.diagnosis.Diagnoser(dev.mailtls.diagnosis.DiagnosisThresholds.defaults());

    private static java.util.List<dev.mailtls.diagnosis.HintCode> codes(ProbeResult r) {
        return DIAGNOSER.diagnose(r).stream()
                .map(dev.mailtls.diagnosis.Hint::code)
                .toList();
    }

    @Test
    void whatAUserReadsAboutPostfixPort25() {
        ProbeResult r = probe(servers.ports().smtp(), Protocol.SMTP, Transport.STARTTLS, options());
        var hints = DIAGNOSER.diagnose(r);
        assertThat(codes(r))
                .contains(
                        dev.mailtls.diagnosis.HintCode.STARTTLS_OK,
                        dev.mailtls.diagnosis.HintCode.CERT_OK,
                        // Debian's Postfix, at its default TLS settings, still completes a TLS 1.1 handshake.
                        dev.mailtls.diagnosis.HintCode.TLS_LEGACY_VERSION);
        assertThat(hints).noneMatch(h -> h.severity() == dev.mailtls.diagnosis.Severity.ERROR);
        String card = new dev.mailtls.card.TextRenderer(false, false)
                .render(dev.mailtls.card.Card.of(dev.mailtls.card.Report.of(r, DIAGNOSER)));
        assertThat(card)
                .contains(r.greeting().text())
                .contains("TLSv1.3")
                .contains(NAME)
                .contains("openssl s_client -connect " + NAME + ":"
                        + servers.ports().smtp() + " -servername " + NAME + " -starttls smtp");
    }

    @Test
    void whatAUserReadsAboutDovecotAndTheLoginPolicies() {
        assertThat(codes(probe(servers.ports().imap(), Protocol.IMAP, Transport.STARTTLS, options())))
                .contains(dev.mailtls.diagnosis.HintCode.LOGIN_DISABLED_BEFORE_TLS);
        assertThat(codes(probe(
                        servers.ports().pop3(),
                        Protocol.POP3,
                        Transport.PLAIN,
                        options().withAuthProbe(true, null, true))))
                .contains(dev.mailtls.diagnosis.HintCode.PLAINTEXT_AUTH_DISALLOWED);
        assertThat(codes(probe(
                        servers.ports().submission(),
                        Protocol.SMTP,
                        Transport.STARTTLS,
                        options().withAuthProbe(true, null, false))))
                .contains(dev.mailtls.diagnosis.HintCode.AUTH_INVALID_CREDENTIALS);
        assertThat(codes(probe(servers.ports().imap(), Protocol.IMAP, Transport.TLS, options())))
                .contains(dev.mailtls.diagnosis.HintCode.PLAINTEXT_ON_TLS_PORT);
    }

    private static ProbeOptions options() {
        return ProbeOptions.defaults().withDeadline(Duration.ofSeconds(10)).withCaFile(rootPem);
    }

    private static ProbeResult probe(int port, Protocol p, Transport t, ProbeOptions o) {
        return prober.probe(new ProbeRequest(NAME, port, p, t, o));
    }

    @Test
    void postfixPort25StyleOffersStarttlsAndTheCertificateChecksOut() {
        ProbeResult r = probe(servers.ports().smtp(), Protocol.SMTP, Transport.STARTTLS, options());
        assertThat(r.failure()).as(String.join("\n", r.transcript())).isNull();
        assertThat(r.greeting().text()).startsWith("220 ").contains("ESMTP");
        assertThat(r.capabilitiesBeforeTls()).anyMatch(c -> c.equalsIgnoreCase("STARTTLS"));
        assertThat(r.capabilitiesAfterTls()).noneMatch(c -> c.equalsIgnoreCase("STARTTLS"));
        assertThat(r.starttls().offered()).isTrue();
        assertThat(r.starttls().reply()).startsWith("220");
        assertThat(r.starttls().injectedBytes()).isNull();
        // Postfix discards what was pipelined after STARTTLS (fixed for CVE-2011-0411).
        assertThat(r.starttls().commandInjection()).isNotNull();
        assertThat(r.starttls().commandInjection().outcome())
                .as(r.starttls().commandInjection().detail())
                .isEqualTo(CommandInjectionCheck.Outcome.DISCARDED);
        assertThat(r.tls().version()).isEqualTo("TLSv1.3");
        assertThat(r.tls().leaf().sanDns()).contains(NAME);
        assertThat(r.tls().trust().trusted()).as(r.tls().trust().reason()).isTrue();
        assertThat(r.tls().hostname().matches()).isTrue();
        assertThat(r.address()).isEqualTo(servers.host());
    }

    @Test
    void postfixSubmissionOffersAuthOnlyAfterTlsAndRejectsInvalidCredentials() {
        ProbeResult r = probe(
                servers.ports().submission(),
                Protocol.SMTP,
                Transport.STARTTLS,
                options().withAuthProbe(true, null, false));
        assertThat(r.failure()).as(String.join("\n", r.transcript())).isNull();
        assertThat(r.capabilitiesBeforeTls()).noneMatch(c -> c.toUpperCase().startsWith("AUTH"));
        assertThat(r.capabilitiesAfterTls()).anyMatch(c -> c.toUpperCase().startsWith("AUTH"));
        assertThat(r.auth().verdict()).isEqualTo(AuthOutcome.Verdict.REJECTED);
        assertThat(r.auth().finalReply()).startsWith("535");
        assertThat(r.auth().exchange().get(0)).isEqualTo("AUTH LOGIN → 334 Username:");
    }

    @Test
    void postfixSubmissionWantsStarttlsBeforeLogin() {
        ProbeResult r = probe(
                servers.ports().submission(),
                Protocol.SMTP,
                Transport.PLAIN,
                options().withAuthProbe(true, null, true));
        assertThat(r.auth().finalReply()).startsWith("530").contains("STARTTLS");
    }

    @Test
    void postfixImplicitTlsGreetsAfterTheHandshake() {
        ProbeResult r = probe(servers.ports().smtps(), Protocol.SMTP, Transport.TLS, options());
        assertThat(r.failure()).as(String.join("\n", r.transcript())).isNull();
        assertThat(r.greeting().text()).startsWith("220 ");
        assertThat(r.capabilitiesBeforeTls()).isNull();
        assertThat(r.capabilitiesAfterTls()).anyMatch(c -> c.toUpperCase().startsWith("AUTH"));
    }

    @Test
    void dovecotImapStarttlsLiftsLoginDisabled() {
        ProbeResult r = probe(servers.ports().imap(), Protocol.IMAP, Transport.STARTTLS, options());
        assertThat(r.failure()).as(String.join("\n", r.transcript())).isNull();
        assertThat(r.greeting().text()).startsWith("* OK");
        assertThat(r.capabilitiesBeforeTls()).contains("LOGINDISABLED").contains("STARTTLS");
        assertThat(r.capabilitiesAfterTls()).doesNotContain("LOGINDISABLED");
        assertThat(r.tls().hostname().matches()).isTrue();
    }

    @Test
    void dovecotImapsAcceptsTheRealUserAndRejectsTheInvalidOne() {
        ProbeResult invalid = probe(
                servers.ports().imaps(), Protocol.IMAP, Transport.TLS, options().withAuthProbe(true, null, false));
        assertThat(invalid.auth().verdict()).isEqualTo(AuthOutcome.Verdict.REJECTED);
        assertThat(invalid.auth().finalReply()).contains("AUTHENTICATIONFAILED");

        ProbeResult real = probe(
                servers.ports().imaps(),
                Protocol.IMAP,
                Transport.TLS,
                // Dovecot delays logins from an address with recent failures (up to 15 s), and the
                // other tests fail logins from loopback on purpose.
                options()
                        .withDeadline(Duration.ofSeconds(30))
                        .withAuthProbe(true, new Credentials(RealMailServers.USER, RealMailServers.PASSWORD), false));
        assertThat(real.auth().verdict())
                .as(() -> real.auth() + "\n" + String.join("\n", real.transcript()))
                .isEqualTo(AuthOutcome.Verdict.ACCEPTED);
        assertThat(String.join("\n", real.transcript())).doesNotContain(RealMailServers.PASSWORD);
    }

    @Test
    void dovecotPop3StlsAndPop3s() {
        ProbeResult stls = probe(servers.ports().pop3(), Protocol.POP3, Transport.STARTTLS, options());
        assertThat(stls.failure()).as(String.join("\n", stls.transcript())).isNull();
        assertThat(stls.greeting().text()).startsWith("+OK");
        assertThat(stls.capabilitiesBeforeTls()).contains("STLS");
        assertThat(stls.starttls().accepted()).isTrue();

        ProbeResult pop3s = probe(servers.ports().pop3s(), Protocol.POP3, Transport.TLS, options());
        assertThat(pop3s.failure()).isNull();
        assertThat(pop3s.tls().trust().trusted()).isTrue();
    }

    @Test
    void dovecotRefusesPlaintextLoginBeforeTls() {
        ProbeResult r = probe(
                servers.ports().pop3(),
                Protocol.POP3,
                Transport.PLAIN,
                options().withAuthProbe(true, null, true));
        assertThat(r.auth().finalReply()).containsIgnoringCase("plaintext authentication disallowed");
    }

    @Test
    void wrongModeAgainstRealServersIsExplained() {
        ProbeResult tlsOnPlain = probe(servers.ports().imap(), Protocol.IMAP, Transport.TLS, options());
        assertThat(tlsOnPlain.failure().code()).isEqualTo(FailureCode.PLAINTEXT_ON_TLS_PORT);
        assertThat(tlsOnPlain.failure().evidence()).startsWith("* OK");

        ProbeResult starttlsOnTls = probe(
                servers.ports().smtps(),
                Protocol.SMTP,
                Transport.STARTTLS,
                options().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThat(starttlsOnTls.failure().code()).isEqualTo(FailureCode.TLS_ON_PLAINTEXT_PORT);
    }
}
