package dev.mailtls.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.testing.ProbeResults;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/json-schema.md's "Domain checks" tables are the domain JSON's contract: they list exactly
 * the fields {@link DomainJsonRenderer} writes.
 */
class DomainJsonSchemaDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z0-9.\\[\\]]+)` \\|", Pattern.MULTILINE);

    static String section;

    @BeforeAll
    static void read() throws IOException {
        String text = dev.mailtls.testing.RepositoryFiles.read("docs/json-schema.md");
        int from = text.indexOf("\n## Domain checks");
        assertThat(from).isPositive();
        int to = text.indexOf("\n## ", from + 1);
        section = text.substring(from, to < 0 ? text.length() : to);
    }

    private static Set<String> rows(String heading) {
        int from = section.indexOf("\n### " + heading + "\n");
        assertThat(from).as(heading).isPositive();
        int to = section.indexOf("\n### ", from + 1);
        Matcher m = ROW.matcher(section.substring(from, to < 0 ? section.length() : to));
        Set<String> out = new TreeSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> names(JsonNode o) {
        Set<String> out = new TreeSet<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theTablesListExactlyTheFieldsWritten() {
        MxHost host = new MxHost(
                "mx.example.test",
                10,
                List.of("192.0.2.1"),
                null,
                new DaneCheck(DnssecState.SECURE, List.of(), null, "no TLSA records"),
                List.of(new MxProbe(
                        "192.0.2.1",
                        dev.mailtls.card.Report.of(
                                ProbeResults.healthySubmission().build(), new dev.mailtls.diagnosis.Diagnoser()))),
                List.of());
        DomainReport r = new DomainReport(
                "example.test",
                ProbeResults.NOW,
                DomainReport.MxKind.LISTED,
                null,
                List.of(host),
                PolicyChecks.none(),
                List.of(),
                List.of(),
                Status.OK,
                Map.of("mx", 1L),
                2);
        JsonNode json = new DomainJsonRenderer(false, false).tree(r);
        assertThat(names(json)).isEqualTo(rows("Top level"));
        assertThat(names(json.get("mx").get(0))).isEqualTo(rows("`mx[]`"));
        assertThat(names(json.get("mtaSts"))).isEqualTo(rows("`mtaSts`"));
    }
}
