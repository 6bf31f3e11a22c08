package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailtls.testing.GroupSummaries;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/json-schema.md's "Group summaries" tables are the summary JSON's contract: the top level and
 * {@code targets[]} list exactly the fields {@link SummaryJsonRenderer} writes.
 */
class SummaryJsonSchemaDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z0-9.\\[\\]]+)` \\|", Pattern.MULTILINE);

    static String groupSummaries;

    @BeforeAll
    static void read() throws IOException {
        String text = dev.mailtls.testing.RepositoryFiles.read("docs/json-schema.md");
        int from = text.indexOf("\n## Group summaries");
        assertThat(from).isPositive();
        int to = text.indexOf("\n## ", from + 1);
        groupSummaries = text.substring(from, to < 0 ? text.length() : to);
    }

    private static Set<String> rows(String heading) {
        int from = groupSummaries.indexOf("\n### " + heading + "\n");
        assertThat(from).as(heading).isPositive();
        int to = groupSummaries.indexOf("\n### ", from + 1);
        Matcher m = ROW.matcher(groupSummaries.substring(from, to < 0 ? groupSummaries.length() : to));
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
    void theTopLevelAndTargetTablesListExactlyTheFieldsWritten() {
        JsonNode json = new SummaryJsonRenderer(false)
                .tree(GroupSummaries.withChanges(), Instant.parse("2026-11-02T08:00:05Z"));
        assertThat(names(json)).isEqualTo(rows("Top level"));
        Set<String> targetFields = new TreeSet<>();
        json.get("targets").forEach(t -> targetFields.addAll(names(t)));
        assertThat(targetFields).isEqualTo(rows("`targets[]`"));
    }
}
