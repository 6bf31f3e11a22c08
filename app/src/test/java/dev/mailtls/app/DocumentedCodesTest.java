package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.summary.Change;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stable codes scripts match on (hint codes, failure codes, change codes) are a contract: the
 * JSON reference in docs/json-schema.md lists exactly the codes the enums have, and the README's
 * diagnosis table names every hint code, so neither can drift from the code (a new code without
 * its documentation fails here; so does a documented code that no longer exists).
 */
class DocumentedCodesTest {
    private static final Pattern CODE = Pattern.compile("`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})`");

    static String schema;
    static String readme;

    @BeforeAll
    static void read() throws IOException {
        schema = Files.readString(
                DockerfileTest.repositoryRoot().resolve("docs/json-schema.md"), StandardCharsets.UTF_8);
        readme = ProjectDocs.all();
    }

    /** The text of {@code doc} from the line starting with {@code start} up to the next heading. */
    private static String section(String doc, String start) {
        int from = doc.indexOf("\n" + start);
        assertThat(from).as("a section starting '%s'", start).isNotNegative();
        int to = doc.indexOf("\n#", from + 1);
        return doc.substring(from, to < 0 ? doc.length() : to);
    }

    private static Set<String> codes(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static <E extends Enum<E>> Set<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theSchemaListsExactlyTheHintCodes() {
        String list = section(schema, "Hint codes (");
        list = list.substring(0, list.indexOf("\n\n", list.indexOf("- ")));
        assertThat(codes(list)).isEqualTo(names(HintCode.class));
    }

    @Test
    void theSchemaListsExactlyTheFailureCodes() {
        String row = section(schema, "## `failure`")
                .lines()
                .filter(l -> l.startsWith("| `code` "))
                .findFirst()
                .orElseThrow();
        assertThat(codes(row)).isEqualTo(names(FailureCode.class));
    }

    @Test
    void theSchemaListsExactlyTheChangeCodes() {
        String text = section(schema, "### `changes[].code`");
        Set<String> documented = codes(text.substring(0, text.indexOf(". `detail`")));
        assertThat(documented).isEqualTo(names(Change.Kind.class));
    }

    @Test
    void theReadmeNamesEveryHintCode() {
        Set<String> inReadme = codes(readme);
        assertThat(names(HintCode.class))
                .allSatisfy(code -> assertThat(inReadme).as("README").contains(code));
    }
}
