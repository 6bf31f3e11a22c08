package dev.mailtls.summary;

import static dev.mailtls.testing.GroupSummaries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.testing.GroupSummaries;
import org.junit.jupiter.api.Test;

class SummaryMarkdownRendererTest {
    private final SummaryMarkdownRenderer renderer = new SummaryMarkdownRenderer();

    @Test
    void headerTargetsAndChangesInCardOrder() {
        String md = renderer.render(GroupSummaries.withChanges(), NOW);

        assertThat(md)
                .startsWith("❌ **mail-edge** — failure — 2026-11-02 08:00 UTC\n")
                .contains(
                        "- ❌ `mx1.example.com 25 starttls` · no TLS · no certificate · `NO_GREETING` no greeting · now failing (NO\\_GREETING)")
                .contains("- ✅ `imap.example.com 993 tls imap` · TLSv1.3 · cert 88 d · certificate renewed")
                .contains("**Changes**\n- ✖ `NEW_FAILURE` `mx1.example.com 25 starttls` now failing");
        assertThat(md.indexOf("`NEW_FAILURE`")).isLessThan(md.indexOf("`NEW_HINT`"));
        assertThat(md.indexOf("`NEW_HINT`")).isLessThan(md.indexOf("`CERT_RENEWED`"));
        assertThat(md).contains("· subject `CN=imap.example.com`");
    }

    @Test
    void hostileTargetsAndSubjectsCannotMentionLinkOrBreakOutOfCode() {
        String md = renderer.render(
                GroupSummaries.hostile("mx` @everyone <https://evil.example|x> [a](https://evil.example)"), NOW);

        assertThat(md)
                .doesNotContain("@everyone")
                .doesNotContain("<https")
                .contains("``mx` @\u200Beveryone ‹https://evil.example|x› [a](https://evil.example)``");
    }

    @Test
    void matrixIsAGfmTableWithOneRowPerTarget() throws Exception {
        String md = renderer.matrix(GroupSummaries.withChanges(), NOW);

        assertThat(md)
                .contains("| host | port | protocol | transport | status | TLS | days left | why |")
                .contains(
                        "| `mx1.example.com` | 25 | SMTP | starttls | ❌ failure | — | — | `NO_GREETING` no greeting |")
                .contains("| `pop.example.com` | 995 | POP3 | tls | ✅ ok | TLSv1.3 | 198 d | — |");
    }
}
