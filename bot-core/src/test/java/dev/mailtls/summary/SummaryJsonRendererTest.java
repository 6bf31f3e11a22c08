package dev.mailtls.summary;

import static dev.mailtls.testing.GroupSummaries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.testing.GroupSummaries;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryJsonRendererTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(GroupSummary s) throws Exception {
        return mapper.readTree(new SummaryJsonRenderer().render(s, NOW));
    }

    @Test
    void topLevelCarriesTheDocumentedFields() throws Exception {
        JsonNode j = json(GroupSummaries.withChanges());

        assertThat(j.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(j.get("kind").asText()).isEqualTo("groupSummary");
        assertThat(j.get("group").asText()).isEqualTo("mail-edge");
        assertThat(j.get("runId").asLong()).isEqualTo(42);
        assertThat(j.get("trigger").asText()).isEqualTo("schedule");
        assertThat(j.get("startedAt").asText()).isEqualTo("2026-11-02T08:00:00Z");
        assertThat(j.get("previousStartedAt").asText()).isEqualTo("2026-11-01T08:00:00Z");
        assertThat(j.get("generatedAt").asText()).isEqualTo("2026-11-02T09:00:00Z");
        assertThat(j.get("status").asText()).isEqualTo("failure");
        assertThat(j.get("counts").toString())
                .isEqualTo("{\"total\":4,\"ok\":2,\"warning\":1,\"failure\":1,\"changed\":3}");
        assertThat(j.get("changes")).hasSize(3);
        assertThat(j.get("changes").get(0).get("code").asText()).isEqualTo("NEW_FAILURE");
        assertThat(j.get("changes").get(0).get("target").asText()).isEqualTo(GroupSummaries.MX);
    }

    @Test
    void eachTargetHasItsFactsAndChangesAndNullsForAbsentOnes() throws Exception {
        JsonNode targets = json(GroupSummaries.withChanges()).get("targets");

        JsonNode mx = targets.get(0);
        assertThat(fieldNames(mx))
                .containsExactly(
                        "target",
                        "hostPort",
                        "port",
                        "protocol",
                        "transport",
                        "probedAt",
                        "status",
                        "failureCode",
                        "tlsVersion",
                        "cipherSuite",
                        "starttlsOffered",
                        "certSubject",
                        "certNotAfter",
                        "certDaysLeft",
                        "certSha256",
                        "hintCodes",
                        "worst",
                        "changes");
        assertThat(mx.get("status").asText()).isEqualTo("failure");
        assertThat(mx.get("failureCode").asText()).isEqualTo("NO_GREETING");
        assertThat(mx.get("tlsVersion").isNull()).isTrue();
        assertThat(mx.get("certDaysLeft").isNull()).isTrue();
        assertThat(mx.get("protocol").asText()).isEqualTo("smtp");
        assertThat(mx.get("changes").get(0).get("code").asText()).isEqualTo("NEW_FAILURE");
        assertThat(mx.get("changes").get(0).has("target")).isFalse();
        // Stored without words: the failure code and what it means.
        assertThat(mx.get("worst").toString()).isEqualTo("{\"code\":\"NO_GREETING\",\"words\":\"no greeting\"}");

        JsonNode imap = targets.get(1);
        assertThat(imap.get("certDaysLeft").asLong()).isEqualTo(88);
        assertThat(imap.get("certSha256").asText()).isEqualTo("EE:EE:EE:EE:EE");
        assertThat(imap.get("changes").get(0).get("code").asText()).isEqualTo("CERT_RENEWED");
        assertThat(targets.get(2).get("hintCodes").get(0).asText()).isEqualTo("CERT_EXPIRING");
        assertThat(targets.get(3).get("worst").isNull()).isTrue();
    }

    @Test
    void serverTextIsExactButNeverRawControls() throws Exception {
        String hostile = "mx\u001B[2J\u202Eevil\u0085 25";
        String raw = new SummaryJsonRenderer(false).render(GroupSummaries.hostile(hostile), NOW);

        assertThat(raw).doesNotContain("\u001B").doesNotContain("\u202E").doesNotContain("\u0085");
        assertThat(mapper.readTree(raw).get("targets").get(0).get("certSubject").asText())
                .isEqualTo("CN=" + hostile);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
