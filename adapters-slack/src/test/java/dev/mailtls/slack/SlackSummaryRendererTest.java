package dev.mailtls.slack;

import static dev.mailtls.testing.GroupSummaries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.HostScan;
import dev.mailtls.testing.GroupSummaries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSummaryRendererTest {
    private final SlackSummaryRenderer renderer = new SlackSummaryRenderer();

    @Test
    void headerRunCountsChangesAndOneLinePerTarget() {
        List<LayoutBlock> blocks = renderer.render(GroupSummaries.withChanges(), NOW);
        List<String> texts = BlockJson.texts(blocks);

        assertThat(texts.get(0)).isEqualTo(":x: mail-edge — failure");
        assertThat(texts.get(1))
                .isEqualTo(
                        "*Run* 2026-11-02 08:00 UTC · 4 targets: 2 ok · 1 warning · 1 failure · 3 changes since 2026-11-01 08:00 UTC");
        String changes = texts.get(2);
        assertThat(changes).startsWith("*Changes*\n:x: `NEW_FAILURE` `mx1.example.com 25 starttls` now failing");
        assertThat(changes.indexOf("NEW_HINT")).isLessThan(changes.indexOf("CERT_RENEWED"));
        assertThat(changes)
                .contains(":heavy_check_mark: `CERT_RENEWED` `imap.example.com 993 tls imap` certificate renewed")
                .contains("subject `CN=imap.example.com`");
        String targets = texts.get(3);
        assertThat(targets)
                .startsWith("*Targets*\n")
                .contains(
                        ":x: `mx1.example.com 25 starttls` · no TLS · no certificate · `NO_GREETING` no greeting · now failing")
                .contains(
                        ":white_check_mark: `imap.example.com 993 tls imap` · `TLSv1.3` · cert 88 d · certificate renewed")
                .contains(
                        ":warning: `smtp.example.com 587 starttls smtp` · `TLSv1.3` · cert 10 d · `CERT_EXPIRING` · new CERT_EXPIRING")
                .contains(":white_check_mark: `pop.example.com 995 tls pop3` · `TLSv1.3` · cert 198 d");
        assertThat(texts.get(texts.size() - 1)).isEqualTo("mailtls · schedule · run 42");
        BlockJson.assertWithinLimits(blocks);
    }

    @Test
    void anOversizedGroupGetsACompactTableMostUrgentFirstAndALinkToTheFullList() {
        List<LayoutBlock> blocks = renderer.render(GroupSummaries.oversized(200), NOW);

        BlockJson.assertWithinLimits(blocks);
        String json = BlockJson.json(blocks);
        List<String> texts = BlockJson.texts(blocks);
        String firstTable = texts.stream()
                .filter(t -> t.startsWith("*Targets*"))
                .findFirst()
                .orElseThrow();
        // The twenty failures lead the table.
        assertThat(firstTable.lines().skip(2).limit(20))
                .allSatisfy(l -> assertThat(l).startsWith("FAIL*"));
        assertThat(texts)
                .anySatisfy(t -> assertThat(t)
                        .matches("… \\(\\d+ more targets\\) — full list: `GET /api/v1/groups/big-fleet/history`"));
        int shown = (int) texts.stream()
                .filter(t -> t.contains("```"))
                .flatMap(String::lines)
                .filter(l -> l.contains(".very-long-subdomain-name.example.com"))
                .count();
        String marker = texts.stream()
                .filter(t -> t.contains("more targets"))
                .findFirst()
                .orElseThrow();
        int more = Integer.parseInt(marker.replaceAll("… \\((\\d+) more targets.*", "$1"));
        assertThat(shown + more).isEqualTo(200);
        assertThat(json).doesNotContain("<!");
    }

    @Test
    void manyChangesAreCutWithAVisibleCount() {
        List<LayoutBlock> blocks = renderer.render(GroupSummaries.oversized(400), NOW);

        BlockJson.assertWithinLimits(blocks);
        JsonArray tree = BlockJson.tree(blocks);
        assertThat(tree.size()).isLessThanOrEqualTo(50);
    }

    @Test
    void matrixShowsPortProtocolTransportStatusTlsAndDaysLeft() throws Exception {
        var scan = HostScan.of("mail.example.com");
        var snapshots = scan.targets().stream()
                .map(t -> GroupSummaries.healthy(
                        t,
                        "mail.example.com:" + t.split(" ")[1],
                        GroupSummaries.T1,
                        "AA",
                        GroupSummaries.T1.plusSeconds(86_400L * 30)))
                .toList();
        GroupSummary summary =
                GroupSummary.of(new GroupRun(0, scan.name(), GroupSummaries.T1, "chat", snapshots, Map.of()), null);

        List<LayoutBlock> blocks = renderer.renderMatrix(summary, NOW);

        BlockJson.assertWithinLimits(blocks);
        String table = BlockJson.texts(blocks).stream()
                .filter(t -> t.contains("```"))
                .findFirst()
                .orElseThrow();
        assertThat(table)
                .containsPattern("status +host +port +protocol +transport +TLS +days left")
                .containsPattern("ok +mail\\.example\\.com +25 +SMTP +starttls +TLSv1\\.3 +29 d")
                .containsPattern("ok +mail\\.example\\.com +993 +IMAP +tls +TLSv1\\.3 +29 d");
        assertThat(table.lines().filter(l -> l.contains("mail.example.com"))).hasSize(7);
    }

    @Test
    void fallbackTextNamesGroupStatusAndCounts() {
        assertThat(renderer.fallbackText(GroupSummaries.withChanges()))
                .isEqualTo("mail-edge: failure · 4 targets: 2 ok · 1 warning · 1 failure");
    }
}
