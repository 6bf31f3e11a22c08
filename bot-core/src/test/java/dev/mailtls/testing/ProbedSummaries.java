package dev.mailtls.testing;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.Prober;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.TargetSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Group summaries made from real probes of loopback servers, for the renderers of scheduled posts. */
public final class ProbedSummaries {
    private ProbedSummaries() {}

    /**
     * A scheduled run of one target, {@code mx.test} on a loopback SMTP server whose certificate (from
     * a CA the probe trusts) names another host: TLS works, the certificate is valid for 90 days, and
     * the one error is {@code CERT_HOSTNAME_MISMATCH}.
     */
    public static GroupSummary hostnameMismatch(Path dir) {
        TestPki pki = TestPki.create();
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(pki.serverContext(pki.wrongHost("mx.test")))
                .start()) {
            ProbeOptions options = ProbeOptions.defaults()
                    .withDeadline(Duration.ofSeconds(10))
                    .withLegacyTlsCheck(false)
                    .withCaFile(pki.writeRootPem(dir));
            Prober prober = new Prober(TestResolver.loopback("mx.test"), Clock.systemUTC());
            Report report = Report.of(
                    prober.probe(
                            new ProbeRequest("mx.test", server.port(), Protocol.SMTP, Transport.STARTTLS, options)),
                    new Diagnoser());
            String target = "mx.test " + server.port() + " starttls smtp";
            TargetSnapshot snapshot = TargetSnapshot.of(target, report);
            GroupRun run = new GroupRun(0, "edge", snapshot.probedAt(), "schedule", List.of(snapshot), Map.of());
            return GroupSummary.of(run, null);
        }
    }
}
