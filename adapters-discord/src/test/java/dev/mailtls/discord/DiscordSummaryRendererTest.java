package dev.mailtls.discord;

import static dev.mailtls.testing.GroupSummaries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.HostScan;
import dev.mailtls.testing.GroupSummaries;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DiscordSummaryRendererTest {
    private final DiscordSummaryRenderer renderer = new DiscordSummaryRenderer();

    @Test
    void titleDescriptionAndOneLinePerTarget() {
        MessageEmbed e = renderer.render(GroupSummaries.withChanges(), NOW);

        assertThat(e.getTitle()).isEqualTo("❌ mail-edge — failure");
        assertThat(e.getColorRaw()).isEqualTo(DiscordEmbedRenderer.RED);
        String d = e.getDescription();
        assertThat(d)
                .startsWith("Run 2026-11-02 08:00 UTC · 4 targets: 2 ok · 1 warning · 1 failure · 3 changes since")
                .contains("**Changes**\n✖ `NEW_FAILURE` `mx1.example.com 25 starttls` now failing")
                .contains("subject `CN=imap.example.com`");
        assertThat(d.indexOf("NEW_HINT")).isLessThan(d.indexOf("CERT_RENEWED"));
        assertThat(e.getFields()).hasSize(1);
        String targets = e.getFields().get(0).getValue();
        assertThat(targets.lines())
                .hasSize(4)
                .first()
                .asString()
                .startsWith(
                        "❌ `mx1.example.com 25 starttls` · no TLS · no certificate · `NO_GREETING` no greeting · now failing");
        assertThat(targets)
                .contains("✅ `imap.example.com 993 tls imap` · `TLSv1.3` · cert 88 d · certificate renewed")
                .contains(
                        "⚠️ `smtp.example.com 587 starttls smtp` · `TLSv1.3` · cert 10 d · `CERT_EXPIRING` · new CERT")
                .contains("✅ `pop.example.com 995 tls pop3` · `TLSv1.3` · cert 198 d");
        assertThat(e.getFooter().getText()).isEqualTo("mailtls · schedule · run 42");
        assertWithinLimits(e);
    }

    static List<Integer> sizes() {
        return List.of(41, 200, 1000);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void anOversizedGroupFitsDiscordsLimitsWithACompactTableAndALinkToTheFullList(int n) {
        MessageEmbed e = renderer.render(GroupSummaries.oversized(n), NOW);

        assertWithinLimits(e);
        List<MessageEmbed.Field> fields = e.getFields();
        assertThat(fields.get(0).getValue()).startsWith("```\nFAIL*");
        int shown = (int) fields.stream()
                .filter(f -> f.getName().startsWith("Targets"))
                .flatMap(f -> f.getValue().lines())
                .filter(l -> l.contains(".very-long-subdomain-name"))
                .count();
        MessageEmbed.Field last = fields.get(fields.size() - 1);
        if (shown < n) {
            assertThat(last.getName()).isEqualTo("… (" + (n - shown) + " more targets)");
            assertThat(last.getValue()).isEqualTo("Full list: `GET /api/v1/groups/big-fleet/history`");
        }
        assertThat(e.getDescription().length()).isLessThan(2500);
        if (n >= 200) {
            assertThat(e.getDescription()).endsWith(" more changes)");
        }
    }

    @Test
    void matrixIsATableOfPortProtocolTransportStatusTlsAndDaysLeft() throws Exception {
        var scan = HostScan.of("mail.example.com");
        var snapshots = scan.targets().stream()
                .map(t -> GroupSummaries.healthy(
                        t,
                        "mail.example.com:" + t.split(" ")[1],
                        GroupSummaries.T1,
                        "AA",
                        GroupSummaries.T1.plusSeconds(86_400L * 30)))
                .toList();
        GroupSummary s =
                GroupSummary.of(new GroupRun(0, scan.name(), GroupSummaries.T1, "chat", snapshots, Map.of()), null);

        MessageEmbed e = renderer.renderMatrix(s, NOW);

        String table = e.getFields().get(0).getValue();
        assertThat(table)
                .startsWith("```\n")
                .containsPattern("status +host +port +protocol +transport +TLS +days left +why")
                .containsPattern("ok +mail\\.example\\.com +587 +SMTP +starttls +TLSv1\\.3 +29 d")
                .containsPattern("ok +mail\\.example\\.com +110 +POP3 +starttls +TLSv1\\.3 +29 d");
        assertThat(e.getTitle()).isEqualTo("✅ scan-mail.example.com — ok");
        assertThat(e.getDescription()).contains("first run");
        assertWithinLimits(e);
    }

    static void assertWithinLimits(MessageEmbed e) {
        assertThat(e.isSendable()).as("embed within Discord's 6,000 characters").isTrue();
        assertThat(e.getFields()).hasSizeLessThanOrEqualTo(MessageEmbed.MAX_FIELD_AMOUNT);
        assertThat(e.getTitle()).hasSizeLessThanOrEqualTo(MessageEmbed.TITLE_MAX_LENGTH);
        assertThat(e.getDescription()).hasSizeLessThanOrEqualTo(MessageEmbed.DESCRIPTION_MAX_LENGTH);
        e.getFields().forEach(f -> {
            assertThat(f.getName()).hasSizeLessThanOrEqualTo(MessageEmbed.TITLE_MAX_LENGTH);
            assertThat(f.getValue()).hasSizeLessThanOrEqualTo(MessageEmbed.VALUE_MAX_LENGTH);
        });
    }
}
