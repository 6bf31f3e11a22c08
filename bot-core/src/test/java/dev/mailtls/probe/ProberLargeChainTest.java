package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chains the JDK's client refuses by its own limits (32 KiB per handshake message, 10 certificates)
 * end as CERT_CHAIN_TOO_LARGE with the certificates read on a second, larger-limit connection, not
 * as a bare handshake failure without facts.
 */
@Timeout(60)
class ProberLargeChainTest {
    private static final TestPki PKI = TestPki.create();
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private final Prober prober = new Prober(TestResolver.loopback("mx.test"), Clock.systemUTC());

    private static ProbeOptions options() {
        return ProbeOptions.defaults().withDeadline(DEADLINE);
    }

    private static Report report(ProbeResult r) {
        return Report.of(r, new Diagnoser(DiagnosisThresholds.defaults()));
    }

    @Test
    void hundredCertificateChainOverStarttlsIsReadAndNamed() {
        TestPki.Issued chain = PKI.longChain("mx.test", 100);
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(chain))
                .start()) {
            long t0 = System.nanoTime();
            ProbeResult r =
                    prober.probe(new ProbeRequest("mx.test", s.port(), Protocol.SMTP, Transport.STARTTLS, options()));
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(DEADLINE.toMillis() + 1500);
            assertThat(r.failure()).as(() -> String.join("\n", r.transcript())).isNotNull();
            assertThat(r.failure().code()).isEqualTo(FailureCode.CERT_CHAIN_TOO_LARGE);
            assertThat(r.failure().message()).contains("100 certificates");
            assertThat(r.tls()).isNotNull();
            assertThat(r.tls().chain()).hasSize(100);
            assertThat(r.tls().leaf().subject()).contains("CN=mx.test");
            assertThat(r.tls().hostname().matches()).isTrue();
            assertThat(r.tls().trust().trusted()).isFalse();
            assertThat(s.connections()).isEqualTo(2);

            Report report = report(r);
            assertThat(report.hints())
                    .extracting(Hint::code)
                    .contains(HintCode.CERT_CHAIN_TOO_LARGE)
                    .doesNotContain(HintCode.HANDSHAKE_FAILED, HintCode.STARTTLS_OK);
            Hint h = report.hints().stream()
                    .filter(x -> x.code() == HintCode.CERT_CHAIN_TOO_LARGE)
                    .findFirst()
                    .orElseThrow();
            assertThat(h.summary()).contains("100 certificates");
            assertThat(h.fix()).contains("intermediates");
            assertThat(new TextRenderer().render(Card.of(report)))
                    .contains("CERT_CHAIN_TOO_LARGE")
                    .contains("mx.test");
            assertThat(new JsonRenderer()
                            .tree(report)
                            .at("/certificate/subject")
                            .asText())
                    .contains("mx.test");
        }
    }

    @Test
    void leafWithTenThousandNamesOnImplicitTlsIsReadAndNamed() {
        List<String> names = new ArrayList<>();
        names.add("mx.test");
        for (int i = 0; i < 9_999; i++) {
            names.add("host" + i + ".many-names.test");
        }
        TestPki.Issued leaf = PKI.leaf(names.toArray(String[]::new));
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.IMAP)
                .sslContext(PKI.serverContext(leaf))
                .implicitTls(true)
                .start()) {
            ProbeResult r =
                    prober.probe(new ProbeRequest("mx.test", s.port(), Protocol.IMAP, Transport.TLS, options()));
            assertThat(r.failure()).as(() -> String.join("\n", r.transcript())).isNotNull();
            assertThat(r.failure().code()).isEqualTo(FailureCode.CERT_CHAIN_TOO_LARGE);
            assertThat(r.tls().leaf().sans()).hasSize(10_000);
            assertThat(r.tls().hostname().matches()).isTrue();
            Report report = report(r);
            Hint h = report.hints().stream()
                    .filter(x -> x.code() == HintCode.CERT_CHAIN_TOO_LARGE)
                    .findFirst()
                    .orElseThrow();
            assertThat(h.summary()).contains("10000 names");
            assertThat(new TextRenderer().render(Card.of(report))).contains("CERT_CHAIN_TOO_LARGE");
        }
    }

    @Test
    void ordinaryChainNeverTriggersTheRetry() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mx.test")))
                .start()) {
            ProbeResult r = prober.probe(new ProbeRequest(
                    "mx.test",
                    s.port(),
                    Protocol.SMTP,
                    Transport.STARTTLS,
                    options().withLegacyTlsCheck(false)));
            assertThat(r.failure()).isNull();
            assertThat(s.connections()).isEqualTo(1);
        }
    }
}
