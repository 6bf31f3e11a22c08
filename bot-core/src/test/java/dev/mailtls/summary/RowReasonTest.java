package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.Prober;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RowReasonTest {

    @Test
    void aNameThatDoesNotResolveIsSaidInTheSnapshotAsItsHintsCodeAndWords() {
        Prober prober = new Prober(new TestResolver(), Clock.systemUTC());
        Report report = Report.of(
                prober.probe(new ProbeRequest(
                        "nothing.test",
                        587,
                        Protocol.SMTP,
                        Transport.STARTTLS,
                        ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)))),
                new Diagnoser());

        TargetSnapshot s = TargetSnapshot.of("nothing.test 587", report);

        assertThat(s.worst()).isEqualTo(new RowReason("DNS_NOT_FOUND", "nothing.test does not exist in DNS"));
        assertThat(s.worst().text()).isEqualTo("DNS_NOT_FOUND nothing.test does not exist in DNS");
    }

    @Test
    void theWorstHintIsTheMostSevereWhateverItsPlace() {
        Hint info = new Hint(HintCode.IMPLICIT_TLS_AVAILABLE, Severity.INFO, "Port 465 also works.", "d", "f");
        Hint warning = new Hint(HintCode.CERT_EXPIRING, Severity.WARNING, "Expires in 20 days.", "d", "f");
        Hint error = new Hint(
                HintCode.CERT_HOSTNAME_MISMATCH, Severity.ERROR, "The certificate does not name mx.test.", "d", "f");
        Report report =
                new Report(ProbeResults.healthySubmission().build(), List.of(info, warning, error), Status.FAILURE);

        assertThat(RowReason.of(report))
                .isEqualTo(new RowReason("CERT_HOSTNAME_MISMATCH", "The certificate does not name mx.test"));
    }

    @Test
    void aFailureWithoutAHintIsSaidByItsFailureCode() {
        Report report = new Report(
                ProbeResults.healthySubmission()
                        .failure(Phase.CONNECT, FailureCode.CONNECT_REFUSED, "refused", null)
                        .build(),
                List.of(),
                Status.FAILURE);

        assertThat(RowReason.of(report)).isEqualTo(new RowReason("CONNECT_REFUSED", "connection refused"));
    }

    @Test
    void longSummariesAreCutAfterAWholeWord() {
        String summary =
                "No answer from smtp.example.com:25 (192.0.2.1) in 10 s: the port looks filtered by a firewall.";

        String words = RowReason.fewWords(summary);

        assertThat(words).endsWith("…").hasSizeLessThanOrEqualTo(RowReason.MAX_WORDS);
        String kept = words.substring(0, words.length() - 1);
        assertThat(summary).startsWith(kept);
        assertThat(summary.charAt(kept.length())).isEqualTo(' ');
        assertThat(words).isEqualTo("No answer from smtp.example.com:25 (192.0.2.1) in 10 s: the…");
        assertThat(RowReason.fewWords("Short\nand\tsweet.")).isEqualTo("Short and sweet");
        assertThat(RowReason.fewWords("x".repeat(80))).hasSize(RowReason.MAX_WORDS);
    }

    @Test
    void aNarrowColumnKeepsTheCodeWholeAndCutsTheWordsAfterAWholeWord() {
        RowReason refused =
                new RowReason("CONNECT_REFUSED", "Port 25 on mail.test is closed: the connection was refused");

        assertThat(refused.text(40)).isEqualTo("CONNECT_REFUSED Port 25 on mail.test is…");
        assertThat(refused.text(200)).isEqualTo(refused.text());
        assertThat(refused.text(16)).isEqualTo("CONNECT_REFUSED");
    }

    @Test
    void snapshotsStoredWithoutAReasonFallBackToTheirCodes() {
        TargetSnapshot held = new TargetSnapshot(
                "mx.test 25",
                "mx.test:25",
                ProbeResults.NOW,
                Status.FAILURE,
                GroupRunner.NOT_PROBED,
                null,
                null,
                null,
                null,
                null,
                null,
                Set.of(GroupRunner.NOT_PROBED));
        TargetSnapshot warned = new TargetSnapshot(
                "mx.test 25",
                "mx.test:25",
                ProbeResults.NOW,
                Status.WARNING,
                null,
                "TLSv1.2",
                null,
                null,
                null,
                null,
                null,
                Set.of("TLS_LEGACY_VERSION"));

        assertThat(RowReason.of(held).text()).isEqualTo("NOT_PROBED not probed: the connection limits held it back");
        assertThat(RowReason.of(warned).text()).isEqualTo("TLS_LEGACY_VERSION");
    }
}
