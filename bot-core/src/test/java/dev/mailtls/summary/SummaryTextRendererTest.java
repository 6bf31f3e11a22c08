package dev.mailtls.summary;

import static dev.mailtls.testing.GroupSummaries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Status;
import dev.mailtls.testing.GroupSummaries;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SummaryTextRendererTest {
    private final SummaryTextRenderer renderer = new SummaryTextRenderer();

    @Test
    void headerNamesGroupWorstStatusRunTimeCountsAndThePreviousRun() {
        List<String> lines =
                renderer.render(GroupSummaries.withChanges(), NOW).lines().toList();

        assertThat(lines.get(0)).isEqualTo("❌ mail-edge — failure — 2026-11-02 08:00 UTC");
        assertThat(lines.get(1))
                .isEqualTo("   4 targets: 2 ok · 1 warning · 1 failure · 3 changes since 2026-11-01 08:00 UTC");
    }

    @Test
    void oneLinePerTargetWithStatusTlsDaysLeftAndWhatChanged() {
        String text = renderer.render(GroupSummaries.withChanges(), NOW);

        assertThat(text)
                .containsPattern(
                        "❌ mx1\\.example\\.com 25 starttls +no TLS +no certificate +NO_GREETING no greeting +now failing \\(NO_GREETING\\)")
                .containsPattern(
                        "✅ imap\\.example\\.com 993 tls imap +TLSv1\\.3 +cert 88 d +— +certificate renewed: BBBBBBBB → EEEEEEEE")
                .containsPattern(
                        "⚠️ smtp\\.example\\.com 587 starttls smtp +TLSv1\\.3 +cert 10 d +CERT_EXPIRING +new CERT_EXPIRING")
                .containsPattern("✅ pop\\.example\\.com 995 tls pop3 +TLSv1\\.3 +cert 198 d +—\n");
    }

    @Test
    void changesAreListedMostUrgentFirstWithTheRenewedCertificatesSubject() {
        String text = renderer.render(GroupSummaries.withChanges(), NOW);
        String changes = text.substring(text.indexOf("\nChanges\n"));

        assertThat(changes.lines().skip(2).map(l -> l.strip().split("\\s+")[1]))
                .containsExactly("NEW_FAILURE", "NEW_HINT", "CERT_RENEWED");
        assertThat(changes).contains("(subject CN=imap.example.com)");
    }

    @Test
    void aFirstRunSaysSoAndListsNoChanges() {
        GroupSummary first = GroupSummary.of(GroupSummaries.withChanges().run(), null);

        String text = renderer.render(first, NOW);

        assertThat(text).contains("· first run").doesNotContain("Changes");
    }

    @Test
    void matrixHasOneRowPerPortWithProtocolTransportStatusTlsAndDaysLeft() throws Exception {
        TargetGroup scan = HostScan.of("mail.example.com");
        List<TargetSnapshot> snapshots = scan.targets().stream()
                .map(t -> GroupSummaries.healthy(
                        t,
                        "mail.example.com:" + t.split(" ")[1],
                        GroupSummaries.T1,
                        "AA",
                        GroupSummaries.T1.plusSeconds(86_400L * 30)))
                .toList();
        GroupSummary summary =
                GroupSummary.of(new GroupRun(0, scan.name(), GroupSummaries.T1, "chat", snapshots, Map.of()), null);

        List<String> lines = renderer.matrix(summary, NOW).lines().toList();

        assertThat(lines.get(3)).matches("host +port +protocol +transport +status +TLS +days left +why");
        assertThat(lines.get(4)).matches("mail\\.example\\.com +25 +SMTP +starttls +ok +TLSv1\\.3 +29 d +—");
        assertThat(lines.get(5)).matches("mail\\.example\\.com +465 +SMTP +tls +ok +TLSv1\\.3 +29 d +—");
        assertThat(lines.get(10)).matches("mail\\.example\\.com +995 +POP3 +tls +ok +TLSv1\\.3 +29 d +—");
        assertThat(lines).hasSize(11);
    }

    @Test
    void expiredCertificatesAndFailedTargetsReadPlainly() {
        TargetSnapshot expired = GroupSummaries.snapshot(
                "old.example.com 993 tls imap",
                "old.example.com:993",
                GroupSummaries.T1,
                Status.FAILURE,
                null,
                null,
                null,
                null,
                Set.of("CERT_EXPIRED"));
        assertThat(SummaryRow.daysLeft(NOW.minusSeconds(86_400L * 3 + 60), NOW)).isEqualTo("expired 3 d ago");
        assertThat(SummaryRow.daysLeft(null, NOW)).isEqualTo("—");
        GroupSummary s =
                GroupSummary.of(new GroupRun(0, "g", GroupSummaries.T1, "cli", List.of(expired), Map.of()), null);
        assertThat(renderer.matrix(s, NOW))
                .containsPattern("old\\.example\\.com +993 +IMAP +tls +failure +— +— +CERT_EXPIRED");
    }

    @Test
    void controlCharactersInTargetsAndSubjectsBecomeVisibleEscapes() {
        String text = renderer.render(GroupSummaries.hostile("mx\u001B[2J\u202Eevil 25"), NOW);

        assertThat(text)
                .doesNotContain("\u001B")
                .doesNotContain("\u202E")
                .contains("\\x1B[2J")
                .contains("\\u202E");
    }

    @Test
    void rowsAreListedFailuresFirstThenWarningsThenTheRestKeepingTheGroupsOrderWithin() throws Exception {
        List<TargetSnapshot> snapshots = List.of(
                row("a.example.com", Status.OK),
                row("b.example.com", Status.WARNING),
                row("c.example.com", Status.FAILURE),
                row("d.example.com", Status.OK),
                row("e.example.com", Status.FAILURE));
        GroupSummary s = GroupSummary.of(new GroupRun(0, "g", GroupSummaries.T1, "cli", snapshots, Map.of()), null);
        List<String> expected = List.of("c", "e", "b", "a", "d");

        assertThat(hostsInOrder(renderer.render(s, NOW))).isEqualTo(expected);
        assertThat(hostsInOrder(renderer.matrix(s, NOW))).isEqualTo(expected);
        assertThat(hostsInOrder(new SummaryMarkdownRenderer().render(s, NOW))).isEqualTo(expected);
        assertThat(hostsInOrder(new SummaryMarkdownRenderer().matrix(s, NOW))).isEqualTo(expected);
        // The JSON is data: its targets stay in the group's order, as documented.
        assertThat(hostsInOrder(new SummaryJsonRenderer().render(s, NOW))).containsExactly("a", "b", "c", "d", "e");
    }

    private static TargetSnapshot row(String host, Status status) {
        return GroupSummaries.snapshot(
                host + " 993 tls imap",
                host + ":993",
                GroupSummaries.T1,
                status,
                status == Status.FAILURE ? "CONNECT_REFUSED" : null,
                "AA",
                GroupSummaries.T1.plusSeconds(86_400L * 40),
                "CN=" + host,
                status == Status.WARNING ? Set.of("TLS_LEGACY_VERSION") : Set.of());
    }

    /** The first letter of each x.example.com in order of first mention. */
    private static List<String> hostsInOrder(String rendered) {
        return java.util.regex.Pattern.compile("\\b([a-e])\\.example\\.com")
                .matcher(rendered)
                .results()
                .map(m -> m.group(1))
                .distinct()
                .toList();
    }
}
